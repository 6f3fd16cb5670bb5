/**
 * CLI entry: `npx tsx src/server/main.ts` (what `npm start` runs).
 *
 *   PORT=8787            port (default 8787; 0 = any free port)
 *   HOST=127.0.0.1       interface (default loopback only)
 *   EXPORT_FAULTS=1      fault injection: 1/on (demo profile), JSON, or errorRate=0.2,dropRate=0.1,...
 *   EXPORT_STAGE_DELAY_MS=750   minimum duration of each job stage
 *   EXPORT_DATA_DIR=...  where files go (default: a fresh temp folder)
 *   DEMO_DIR=dist/demo   static files served at / when the folder exists
 *   EXPORT_MAX_ACTIVE_PER_CLIENT=4   running exports per client before 429
 *
 * Scaled out (src/server/README.md, "Scaled out on BullMQ"): with REDIS_URL set, this process is
 * one API process of many; jobs live in that Redis and run in `npm run worker` processes.
 *   REDIS_URL=redis://127.0.0.1:6379   EXPORT_DATA_DIR and EXPORT_SECRET are then required
 *   EXPORT_SECRET=...    the HMAC key of download links, the same for every API process
 *   REDIS_PREFIX=rej     prefix of every key, the same for every process
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createExportServer } from './createExportServer';
import { parseFaultsEnv } from './faults';
import { exitWhenDone, onStopSignals } from './processExit';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '127.0.0.1';
  const demoDir = resolve(process.env.DEMO_DIR ?? 'dist/demo');
  const hasDemo = existsSync(resolve(demoDir, 'index.html'));
  const faults = parseFaultsEnv(process.env.EXPORT_FAULTS);
  const stageDelay = process.env.EXPORT_STAGE_DELAY_MS;
  const maxActive = process.env.EXPORT_MAX_ACTIVE_PER_CLIENT;
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl && (!process.env.EXPORT_DATA_DIR || !process.env.EXPORT_SECRET)) {
    throw new Error('With REDIS_URL, set EXPORT_DATA_DIR (the folder the workers write) and EXPORT_SECRET (the same link key on every API process)');
  }
  // Loaded only when asked for: `npm start` needs nothing but Node.
  const shared = redisUrl
    ? await (await import('./scaleOut/redisDeployment')).createRedisDeployment({ url: redisUrl, prefix: process.env.REDIS_PREFIX ?? 'rej' })
    : undefined;

  const server = createExportServer({
    host,
    ...(shared ? { ...shared.options, secret: process.env.EXPORT_SECRET } : {}),
    ...(maxActive && /^\d+$/.test(maxActive) ? { maxActivePerClient: Number(maxActive) } : {}),
    faults,
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    ...(process.env.EXPORT_DATA_DIR ? { dataDir: resolve(process.env.EXPORT_DATA_DIR) } : {}),
    ...(stageDelay && /^\d+$/.test(stageDelay) ? { stageDelayMs: Number(stageDelay) } : {}),
    ...(hasDemo ? { staticDir: demoDir } : {}),
  });

  const { url } = await server.listen(port);
  const active = Object.entries(server.faults.get()).filter(([, v]) => v !== 0 && v !== false);
  console.log(`redux-export-jobs server listening on ${url}`);
  if (shared) console.log(`  jobs:   in Redis (${redisUrl}); run them with \`npm run worker\``);
  console.log(hasDemo ? `  demo:   ${url}/` : `  (no demo build at ${demoDir}; API only)`);
  console.log(`  API:    ${url}/api/exports`);
  console.log(`  faults: ${active.length ? active.map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'off'} (POST ${url}/api/_faults to change)`);

  let stoppingSince = 0;
  const stop = (signal: string) => {
    if (stoppingSince) {
      // The same Ctrl-C often arrives twice (terminal + npm start); a later one means "stop now".
      if (Date.now() - stoppingSince > 1000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    console.log(`\n${signal}: finishing in-flight downloads, then stopping...`);
    exitWhenDone(server.close().then(() => shared?.close()));
  };
  onStopSignals(stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

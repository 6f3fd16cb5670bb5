/**
 * npm run openapi: regenerates docs/openapi.json from the route schemas
 * (src/server/routeSchemas.ts). `--check` exits 1 when the committed file is
 * out of date instead of writing it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPENAPI_FILE, generateOpenApiText } from '../src/server/openapiDocument';

async function main(): Promise<void> {
  const file = join(__dirname, '..', OPENAPI_FILE);
  const text = await generateOpenApiText();
  if (process.argv.includes('--check')) {
    const committed = await readFile(file, 'utf8').catch(() => '');
    if (committed !== text) {
      console.error(`${OPENAPI_FILE} is out of date: run npm run openapi`);
      process.exitCode = 1;
    } else console.log(`${OPENAPI_FILE} is up to date`);
    return;
  }
  await writeFile(file, text);
  console.log(`wrote ${OPENAPI_FILE} (${Object.keys((JSON.parse(text) as { paths: object }).paths).length} paths)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

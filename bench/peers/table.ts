/**
 * The peer bench's table (figure | ours | RTK Query | TanStack Query) and
 * the notes saying how each figure was measured, from one run's results.
 */
import { fmtBytes, fmtMs, percentile } from '../lib/stats';
import type { PeerName } from './bundle';
import type { PeerResults } from './run';
import { FAST_STAGE_MS, LATENCY_OFFSETS_MS, LATENCY_STAGE_MS, PEERS, RELOAD_RUNS, TAB_COUNTS, TABS_STAGE_MS } from './config';
import type { ReloadMoment } from './scenarios';

const HEADER = ['figure', 'ours', 'RTK Query', 'TanStack Query'];
const NAMES: Record<PeerName, string> = { ours: 'ours', rtkq: 'RTK Query', tanstack: 'TanStack Query' };

function markdown(rows: string[][]): string {
  const cells = rows.map((r) => r.map((c) => c.replace(/\|/g, '\\|')));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADER), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

const rate = (requests: number, ms: number) => (ms > 0 ? (requests / (ms / 1000)).toFixed(2) : 'n/a');
const median = (xs: readonly number[]) => percentile(xs, 0.5);

export function peerTable(results: PeerResults): { table: string; notes: string[] } {
  const { bundles, tabs, reloads, latencyMs } = results;
  const row = (figure: string, cell: (peer: PeerName) => string) => [figure, ...PEERS.map(cell)];
  const reloadCell = (peer: PeerName, moment: ReloadMoment) => {
    const runs = reloads[peer].filter((r) => r.moment === moment);
    return `${runs.map((r) => r.downloads).join(', ')} (${runs.filter((r) => r.downloads === 1).length}/${runs.length} ideal)`;
  };
  const rows = [
    row('bundle added to an RTK + redux-persist app (min+gzip)', (p) => `+${fmtBytes(bundles.added[p])}`),
    row('bundle added when the app already has that data layer', (p) => (p === 'ours' ? '—' : `+${fmtBytes(bundles.addedOverLayer[p])}`)),
    row(`status req/s, ${TAB_COUNTS.join(' / ')} tabs`, (p) => {
      // A window shorter than two poll intervals says little: marked with '*'.
      const rates = tabs[p].map((r) => `${rate(r.statusRequests, r.windowMs)}${r.windowMs < 4_000 ? '*' : ''}`).join(' / ');
      const streams = tabs[p].map((r) => r.sseStreams);
      return streams.some((n) => n > 0) ? `${rates} (+ SSE streams ${streams.join(' / ')})` : rates;
    }),
    row(`completed downloads, ${TAB_COUNTS.join(' / ')} tabs`, (p) => tabs[p].map((r) => r.downloads).join(' / ')),
    row(`downloads per run, reload at server completion (${RELOAD_RUNS.completion} runs)`, (p) => reloadCell(p, 'completion')),
    row(`downloads per run, reload as the page asks for the link (${RELOAD_RUNS.handover} runs)`, (p) => reloadCell(p, 'handover')),
    row('server completion → file requested, median', (p) => { const got = latencyMs[p].filter(Number.isFinite); const missed = latencyMs[p].length - got.length; return `${got.length ? fmtMs(median(got)) : 'none'} (n=${got.length}${missed ? `, ${missed} with no file request within 10 s` : ''})`; }),
  ];

  const per = (f: (peer: PeerName) => string) => PEERS.map((p) => `${NAMES[p]} ${f(p)}`).join('; ');
  const shown = (peer: PeerName) => {
    const statuses = reloads[peer].map((r) => r.shownStatus).filter((s): s is string => s !== null);
    return statuses.length > 0 ? statuses.join(', ') : 'n/a';
  };
  const failures = (peer: PeerName) => {
    const all = reloads[peer].flatMap((r) => r.failures);
    return all.length > 0 ? [...new Set(all)].map((f) => `${all.filter((x) => x === f).length} x "${f}"`).join(', ') : 'none';
  };
  const runsDetail = (peer: PeerName) =>
    reloads[peer].map((r) => `${r.downloads}/${r.fileRequests}/${r.receipts.length > 0 ? r.receipts.join('+') : 'none'}`).join(', ');
  const errors = PEERS.filter((p) => results.errors[p].length > 0).map((p) => `${NAMES[p]}: ${[...new Set(results.errors[p])].slice(0, 3).join(' / ')}`);
  const notes = [
    'peers: the same page three ways, in bench/peers/pages/ (built by bench/peers/buildPages.ts with esbuild): ours = createExportsStore + createHttpTransport + ExportButton + ExportProgressPanel (README "Or let it make the store", "React"); ' +
      'RTK Query = createApi (start mutation, status query with pollingInterval 2 s + skipPollingIfUnfocused, 0 once terminal; link mutation), a listener-middleware effect that sets a "downloaded" flag (a slice persisted by redux-persist) before downloading; ' +
      'TanStack Query v5 = useMutation to start, useQuery with refetchInterval as a function (2 s, false once terminal), PersistQueryClientProvider with the sync storage persister on localStorage, broadcastQueryClient, and a "downloaded" flag in localStorage set before the download (an effect of the completed status). ' +
      'Each page lives in the same host app (RTK + redux-persist + react-redux, React StrictMode, PersistGate); downloads are a link handed to an <a download> on every page.',
    `peer bundle: esbuild ESM, es2022, minified, NODE_ENV=production, gzip -9, nothing external; added = gzip(host app + page) - gzip(host app) (host app alone ${fmtBytes(bundles.base)}, React and react-dom included). ` +
      '"Already has that data layer" = the host app plus a module already using it (bench/peers/pages/inUse: createApi + fetchBaseQuery + a query and a mutation hook + setupListeners; QueryClient + QueryClientProvider + useQuery + useMutation): the persister and the broadcast client count as added for TanStack Query. ' +
      `Packages each page brings: ${per((p) => (bundles.packages[p].length > 0 ? bundles.packages[p].join(', ') : 'none beyond the host app'))}. One copy of @tanstack/query-core (the lock holds two versions; an app would dedupe). CSS not counted.`,
    `peer tabs: real Chromium (playwright-core, @sparticuz/chromium, headless), one browser context per run (its tabs share localStorage, BroadcastChannel, Web Locks); the reference server with stageDelayMs ${TABS_STAGE_MS}. ` +
      'Tab 1 starts the export; with 2 or 4 tabs the others open 1.2 s later and find it in storage. status req/s = GET /api/exports/:id from the moment every tab is open to the server\'s completion, over that window (* = a window under 4 s, two poll intervals: ±1 request moves it a lot) ' +
      `(windows ${per((p) => tabs[p].map((r) => fmtMs(r.windowMs)).join(' / '))}; jobs ${per((p) => tabs[p].map((r) => fmtMs(r.jobMs)).join(' / '))}); ` +
      `ours watches over SSE in the tab holding the job's monitor lock (event streams opened in the window: ${tabs.ours.map((r) => r.sseStreams).join(' / ')}). ` +
      'Completed downloads = Playwright downloads of all tabs whose failure() is null, begun within 2.5 s of completion. Headless Chromium counts every tab as visible, so skipPollingIfUnfocused and TanStack\'s pause-when-hidden do not stop the other tabs here, as they would not for windows side by side; ' +
      `file requests per run: ${per((p) => tabs[p].map((r) => r.fileRequests).join(' / '))}. ` +
      'One run per tab count: the peers\' duplicate downloads are races (which tab sees "completed" first, and whether the flag it wrote reached the others), so their counts vary between runs; TanStack\'s broadcast client also carries one tab\'s answers into the others\' caches, so some runs see its tabs agree on one download and some do not.',
    `peer reloads: one tab; the page reloads the moment the server completes the job (server-side hook), or the moment the server gets the page's POST /api/exports/:id/link (the page saw the completion and starts its download); jobs with stageDelayMs ${FAST_STAGE_MS}; completed downloads begun within 1.2 s of the reloaded page being up. ` +
      `Run by run (completion runs, then link runs), completed downloads / file requests / the server's receipts: ${per(runsDetail)}. ` +
      `Downloads begun that did not complete: ${per(failures)}. Our panel's download status after the tail, run by run: ${shown('ours')} (done = the server's receipt confirmed it; downloading = handed over, receipt not confirmed yet: it is asked every 500 ms; interrupted = the panel knows the file was cut and asks before downloading again, resumeInterrupted 'ask' by default). ` +
      'A run with a completed receipt and no download: the server handed over every byte, but the reload had already taken the page (and the download its link started) away, so the browser kept no file.',
    `peer latency: server completion (the job store's update to completed, Date.now()) to the first GET of the job's file (a Fastify onRequest hook, Date.now()), both server-side; one tab, jobs with stageDelayMs ${LATENCY_STAGE_MS}, ` +
      `the page reloaded ${LATENCY_OFFSETS_MS.join(' / ')} ms after the start so that the peers' 2 s poll (our pollIntervalMs default) meets the completion at evenly spread phases (a same-length job otherwise completes at the same phase every run); median = the lower middle sample. ` +
      `Samples: ${per((p) => latencyMs[p].map((ms) => fmtMs(ms)).join(', '))}. Ours hears the completion over SSE.`,
    ...(errors.length > 0 ? [`peer page errors: ${errors.join('; ')}.`] : []),
  ];
  return { table: markdown(rows), notes };
}

/** The section `npm run bench` and `npm run bench:peers` print: a heading, the table, its notes and the run time. */
export function peerSection(results: PeerResults): string {
  const { table, notes } = peerTable(results);
  return [
    '## Against the peers (bench/peers)',
    '',
    'The same export page written with this library, with RTK Query and with TanStack Query v5, each as its docs recommend, in real Chromium against the reference server, one run.',
    '',
    table,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    `Peer bench run took ${results.seconds.toFixed(0)} s.`,
  ].join('\n');
}

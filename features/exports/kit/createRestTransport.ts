/**
 * `createRestTransport`: an `ExportTransport` for an export API that
 * already exists, from a route and a reader per operation
 * (docs/design.md#bring-your-own-backend). The engine does the rest: one
 * watch loop (push when given, else polling `status` with backoff,
 * Retry-After and a pause while hidden), the claim, the retries.
 */
import { ExportError } from '../errors/ExportError';
import { resolveHeaders } from '../http/request';
import type { ExportTransport, JobSnapshot, StartExportRequest } from '../model/types';
import { createKitDownload } from './kitDownload';
import { asJsonBody, readKitAnswer } from './kitAnswer';
import type { KitAnswer } from './kitAnswer';
import type { KitContext } from './kitFetch';
import { kitFetch, kitUrl } from './kitFetch';
import { readHistory } from './readHistory';
import { compileRoute } from './routes';
import { toSnapshot } from './toSnapshot';
import type { BackendJob, JobVars, KitRequest, PushOption, ReadJob, RestTransportOptions } from './types';

const JOB_NAMES = ['jobId', 'scope'] as const;
/** Jobs whose scope and file URL the transport remembers, for calls made without the engine's `JobRef`. */
const REMEMBERED = 500;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}

/** The start's JSON body: `{ scope, params?, fileName? }`. */
const defaultStartBody = (req: StartExportRequest): unknown => ({
  scope: req.scope,
  ...(req.params !== undefined ? { params: req.params } : {}),
  ...(req.fileName !== undefined ? { fileName: req.fileName } : {}),
});

/**
 * @example
 * const transport = createRestTransport({
 *   baseUrl: 'https://api.example.com',
 *   start: { route: 'POST /projects/{scope}/exports', read: (body) => ({ id: String(body.id), status: 'pending' }) },
 *   status: 'GET /projects/{scope}/exports/{jobId}',
 *   readJob: (body) => ({ status: toStatus(body.state), progress: Number(body.percent) }),
 *   download: { route: 'GET /projects/{scope}/exports/{jobId}/file' },
 *   auth: { headers: async () => ({ Authorization: `Bearer ${await token()}` }), onUnauthorized: () => refreshToken() },
 * });
 */
export function createRestTransport(options: RestTransportOptions): ExportTransport {
  const kit: KitContext = {
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.auth ? { auth: options.auth } : {}),
  };
  const cancelSpec = typeof options.cancel === 'object' ? options.cancel : options.cancel && { route: options.cancel };
  const routes = {
    start: compileRoute('start', options.start.route, ['scope', 'fileName', 'idempotencyKey'], true),
    status: compileRoute('status', options.status, JOB_NAMES),
    cancel: cancelSpec && compileRoute('cancel', cancelSpec.route, JOB_NAMES),
  };
  const scopes = new Map<string, string | null>();
  const fileUrls = new Map<string, string>();
  const json = (req: KitRequest, signal: AbortSignal) => kitFetch(kit, req, signal, readKitAnswer);

  /** A reader's job as a snapshot; its file URL kept in memory, never in state. */
  const learn = (job: BackendJob, jobId: string | undefined, scope: string | null): JobSnapshot => {
    const snapshot = toSnapshot(job, jobId, scope);
    remember(scopes, snapshot.id, scope);
    if (job.fileUrl) remember(fileUrls, snapshot.id, job.fileUrl);
    return snapshot;
  };
  const varsOf = (id: string, scope: string | null | undefined): JobVars => ({ jobId: id, scope: scope ?? scopes.get(id) ?? null });
  const readWith = async (read: ReadJob, req: KitRequest, vars: JobVars, signal: AbortSignal): Promise<JobSnapshot> => {
    const { json: body, answer } = await json(req, signal);
    return learn(read(asJsonBody(body), answer, vars), vars.jobId, vars.scope);
  };
  const status = (vars: JobVars, signal: AbortSignal) => readWith(options.readJob, routes.status(vars), vars, signal);

  const transport: ExportTransport = {
    async start(req, signal) {
      const request = { ...routes.start(req) };
      const body = (options.start.body ?? defaultStartBody)(req);
      if (request.body === undefined && body !== undefined && request.method !== 'GET') request.body = body;
      if (options.idempotencyKeyHeader && req.idempotencyKey) {
        request.headers = { ...request.headers, [options.idempotencyKeyHeader]: req.idempotencyKey };
      }
      const { json: answerBody, answer } = await json(request, signal);
      const read = options.start.read ?? ((b, a) => options.readJob(b, a, { jobId: '', scope: req.scope }));
      return learn(read(asJsonBody(answerBody), answer, req), undefined, req.scope);
    },
    getStatus: (id, signal, job) => status(varsOf(id, job?.scope), signal),
    async cancel(id, signal, job) {
      const vars = varsOf(id, job?.scope);
      if (!routes.cancel || !cancelSpec) throw new ExportError('unsupported', 'This export API cannot cancel exports');
      if (cancelSpec.read) return readWith(cancelSpec.read, routes.cancel(vars), vars, signal);
      await json(routes.cancel(vars), signal);
      return learn({ status: 'cancelled' }, id, vars.scope);
    },
    download: createKitDownload(kit, options, async (job, signal) => {
      const known = fileUrls.get(job.id);
      if (known) return known;
      await status({ jobId: job.id, scope: job.scope }, signal);
      return fileUrls.get(job.id);
    }),
  };
  if (options.list) transport.list = createList(options.list, options.readJob, json, learn);
  if (options.push) transport.subscribe = pushOf(options.push, kit);
  return transport;
}

type Learn = (job: BackendJob, jobId: string | undefined, scope: string | null) => JobSnapshot;
type Json = (req: KitRequest, signal: AbortSignal) => Promise<KitAnswer>;

/** `list(scope)`: the history route, its items read one by one (an odd one is skipped). */
function createList(spec: NonNullable<RestTransportOptions['list']>, readJob: ReadJob, json: Json, learn: Learn): NonNullable<ExportTransport['list']> {
  const route = compileRoute('list', spec.route, ['scope']);
  return async (scope, signal) => {
    const { json: body, answer } = await json(route({ scope }), signal);
    return readHistory(body, answer, spec.items, spec.read ?? readJob, scope).map((job) => learn(job, undefined, scope));
  };
}

/** The push adapter's `subscribe`, made with the kit's URLs and auth when it is a factory. */
function pushOf(push: PushOption, kit: KitContext): NonNullable<ExportTransport['subscribe']> {
  return typeof push === 'function' ? push : push.create({ url: (path) => kitUrl(kit, path), headers: () => resolveHeaders(kit.auth?.headers) });
}

/**
 * Fault injection for demos and tests, off by default. Toggle at start
 * (`faults` option, `EXPORT_FAULTS` env) or at runtime (`POST /api/_faults`).
 */
export interface FaultConfig {
  /** Share (0..1) of API requests answered 503 with `Retry-After: 1`. */
  errorRate: number;
  /** Share (0..1) of API requests whose connection is dropped without an answer, and of SSE events after which the stream is cut. */
  dropRate: number;
  /** Extra latency added to every API request, in ms. */
  slowMs: number;
  /** Send every SSE event twice (same id). */
  duplicateEvents: boolean;
  /** Hold progress events back and send them after the next event. */
  outOfOrder: boolean;
}

export const NO_FAULTS: FaultConfig = { errorRate: 0, dropRate: 0, slowMs: 0, duplicateEvents: false, outOfOrder: false };

/** The profile `EXPORT_FAULTS=1` turns on: flaky, but an export still completes. */
export const DEMO_FAULTS: FaultConfig = { errorRate: 0.15, dropRate: 0.1, slowMs: 150, duplicateEvents: true, outOfOrder: true };

export interface Faults {
  get(): FaultConfig;
  set(patch: Partial<FaultConfig>): FaultConfig;
  /** True with probability `rate`. */
  roll(rate: number): boolean;
}

export function createFaults(initial: Partial<FaultConfig> = {}, random: () => number = Math.random): Faults {
  let config = normalize({ ...NO_FAULTS, ...initial });
  return {
    get: () => ({ ...config }),
    set(patch) {
      config = normalize({ ...config, ...patch });
      return { ...config };
    },
    roll: (rate) => rate > 0 && random() < rate,
  };
}

function normalize(c: FaultConfig): FaultConfig {
  const share = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
  return {
    errorRate: share(c.errorRate),
    dropRate: share(c.dropRate),
    slowMs: Number.isFinite(c.slowMs) ? Math.min(60_000, Math.max(0, Math.round(c.slowMs))) : 0,
    duplicateEvents: Boolean(c.duplicateEvents),
    outOfOrder: Boolean(c.outOfOrder),
  };
}

/**
 * Reads `EXPORT_FAULTS`: `1`/`on`/`true` (the demo profile), JSON
 * (`{"errorRate":0.2}`), or `errorRate=0.2,dropRate=0.1,duplicateEvents`.
 */
export function parseFaultsEnv(value: string | undefined): Partial<FaultConfig> {
  const v = (value ?? '').trim();
  if (!v || /^(0|off|false|no)$/i.test(v)) return {};
  if (/^(1|on|true|yes|demo)$/i.test(v)) return { ...DEMO_FAULTS };
  if (v.startsWith('{')) {
    const parsed: unknown = JSON.parse(v);
    return pick(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {});
  }
  const record: Record<string, unknown> = {};
  for (const part of v.split(',')) {
    const [k, raw] = part.split('=').map((s) => s.trim());
    if (!k) continue;
    record[k] = raw === undefined ? true : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
  }
  return pick(record);
}

function pick(r: Record<string, unknown>): Partial<FaultConfig> {
  const out: Partial<FaultConfig> = {};
  if (typeof r.errorRate === 'number') out.errorRate = r.errorRate;
  if (typeof r.dropRate === 'number') out.dropRate = r.dropRate;
  if (typeof r.slowMs === 'number') out.slowMs = r.slowMs;
  if (typeof r.duplicateEvents === 'boolean') out.duplicateEvents = r.duplicateEvents;
  if (typeof r.outOfOrder === 'boolean') out.outOfOrder = r.outOfOrder;
  return out;
}

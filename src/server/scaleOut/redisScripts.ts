/**
 * The Lua scripts of the Redis job store (`redisJobStore.ts`). Each runs
 * atomically in Redis, so one job's change, its event number, its place in
 * the per-job event stream and its announcement happen as one step, whichever
 * process sends them (docs/design.md, "Scaling out").
 *
 * Keys of job `id` under prefix `P`: `P:job:id` (a hash: `json` the record,
 * `rev` its revision, `seq` the last event number, `client`, `terminal` the
 * terminal event), `P:ev:id` (a stream of events with ids `0-<n>`),
 * `P:jobs` (the set of ids), `P:active:<client>` (ids of the client's
 * pending/running/cancelling jobs), `P:tomb:id` (an expired job's tombstone).
 * Events are published on the channel `P:ev:id`.
 */

/** The shared tail of both scripts: number the event, store it, publish it. */
const APPEND_EVENT = `
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local ev = '{"id":' .. seq .. ',"type":"' .. ARGV[3] .. '","job":' .. ARGV[4] .. '}'
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '0-' .. seq, 'e', ev)
if ARGV[3] ~= 'progress' and ARGV[3] ~= 'delivery' then redis.call('HSET', KEYS[1], 'terminal', ev) end
redis.call('PUBLISH', KEYS[2], ev)
return seq
`;

/**
 * Compare-and-set of a job record, with its event.
 * KEYS: job hash, event stream, the client's active set.
 * ARGV: expected rev, new json, event type ('' for none), event job view json, '1' if active, max events, job id.
 * Returns -2 when the job is gone, -1 when `rev` moved (retry), 0 without an event, else the event id.
 */
export const COMMIT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -2 end
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[1], 'json', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'rev', 1)
if ARGV[5] == '1' then redis.call('SADD', KEYS[3], ARGV[7]) else redis.call('SREM', KEYS[3], ARGV[7]) end
if ARGV[3] == '' then return 0 end
${APPEND_EVENT}`;

/**
 * Appends an event without changing the record. KEYS: job hash, event stream.
 * ARGV: (unused), (unused), event type, event job view json, (unused), max events.
 * Returns -2 when the job is gone, else the event id.
 */
export const APPEND_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -2 end
${APPEND_EVENT}`;

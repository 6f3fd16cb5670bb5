import fc from 'fast-check';
import { createParser } from 'eventsource-parser';
import { createSseParser } from './sseParser';
import type { SseMessage } from './sseParser';

const runs = Number(process.env.FUZZ_RUNS ?? 300);

function ours(chunks: string[]): SseMessage[] {
  const seen: SseMessage[] = [];
  const feed = createSseParser((m) => seen.push({ event: m.event, id: m.id, data: m.data }));
  for (const chunk of chunks) feed(chunk);
  return seen;
}

function reference(chunks: string[]): SseMessage[] {
  const seen: SseMessage[] = [];
  const parser = createParser({ onEvent: (m) => seen.push({ event: m.event, id: m.id, data: m.data }) });
  for (const chunk of chunks) parser.feed(chunk);
  return seen;
}

/** Cuts `text` at the given offsets (sorted, deduplicated), as a network would. */
function cut(text: string, offsets: number[]): string[] {
  const at = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const to of at) {
    chunks.push(text.slice(from, to));
    from = to;
  }
  chunks.push(text.slice(from));
  return chunks;
}

const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const fieldLine = fc.oneof(
  fc.tuple(fc.constantFrom('data', 'event', 'id', 'retry', 'x', ''), fc.constantFrom(':', ': ', ''), fc.string({ unit: fc.constantFrom('a', ' ', ':', '\0', 'é', '{', '"') , maxLength: 8 })).map(([f, sep, v]) => `${f}${sep}${v}`),
  fc.constant(''),
  fc.string({ maxLength: 6 }).map((c) => `:${c.replace(/[\r\n]/g, '')}`),
);
const stream = fc.array(fc.tuple(fieldLine, lineEnd).map(([line, end]) => line + end), { maxLength: 30 }).map((lines) => lines.join(''));

test('gives the same events as eventsource-parser for any stream cut anywhere', () => {
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (text, offsets) => {
      const chunks = cut(text, offsets);
      expect(ours(chunks)).toEqual(reference([text]));
    }),
    { numRuns: runs },
  );
});

test('reads the server\'s own frames: id, event name, multi-line data, heartbeats between', () => {
  const text = ': hb\n\nid: 3\nevent: progress\ndata: {"a":1}\ndata: {"b":2}\n\n: hb\n\ndata: plain\r\n\r\n';
  expect(ours(cut(text, [1, 5, 17, 18, 40]))).toEqual([
    { id: '3', event: 'progress', data: '{"a":1}\n{"b":2}' },
    { id: undefined, event: undefined, data: 'plain' },
  ]);
});

test('holds an event until its blank line arrives (a half-sent event is not dispatched)', () => {
  expect(ours(['data: x\n'])).toEqual([]);
  expect(ours(['data: x\r', '\n', '\r\n'])).toEqual([{ id: undefined, event: undefined, data: 'x' }]);
});

test('ignores an id that holds NUL, as the standard says (the previous id stays unset for that event)', () => {
  expect(ours(['id: a\0b\ndata: x\n\n'])).toEqual([{ id: undefined, event: undefined, data: 'x' }]);
});

/**
 * A Server-Sent Events parser (the WHATWG "event stream interpretation"):
 * feed it decoded text in chunks of any size; it calls `onEvent` for every
 * event that carries data. Lines end in CRLF, LF or CR (a CR at the end of a
 * chunk waits for the next one, which may start with its LF); `:` lines are
 * comments (heartbeats); `id` holds the id of that event only (the caller
 * remembers the last one, for Last-Event-ID); an id containing NUL is
 * ignored; `retry` and unknown fields are ignored (reconnect timing is the
 * watch engine's, docs/design.md#watching). The BOM is TextDecoder's to strip.
 *
 * Ours rather than eventsource-parser because the browser bundle pays for
 * every byte: this is under 400 bytes minified; the differential test
 * (sseParser.test.ts) holds it to that package's answers.
 */

/** One event: `event` and `id` are what the stream said (undefined when absent), `data` its data lines joined by LF. */
export interface SseMessage {
  event?: string | undefined;
  id?: string | undefined;
  data: string;
}

/** Makes a parser; the returned function takes the next chunk of text. */
export function createSseParser(onEvent: (message: SseMessage) => void): (chunk: string) => void {
  let pending = '';
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  return (chunk) => {
    const lines = (pending + chunk).split(/\r\n|\r(?=[^\n])|\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) onEvent({ event, id, data: data.join('\n') });
        data = [];
        event = id = undefined;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const raw = colon < 0 ? '' : line.slice(colon + 1);
      const value = raw.startsWith(' ') ? raw.slice(1) : raw;
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value || undefined;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  };
}

import { isRetryableError } from '../timing/retryPolicy';
import { fromRtkQueryError } from './rtkQueryError';

const live = new AbortController().signal;

test("RTK Query's errors become typed errors the retry policy reads: 401 never retried, a fetch error retried", () => {
  const cases = [
    { status: 401, data: { error: { code: 'unauthorized', message: 'No session' } } },
    { status: 503, data: 'down' },
    { status: 'FETCH_ERROR', error: 'TypeError: fetch failed' },
    { status: 'TIMEOUT_ERROR', error: 'AbortError' },
    { status: 'PARSING_ERROR', originalStatus: 200, data: '<html>', error: 'SyntaxError' },
  ];
  expect(cases.map((c) => fromRtkQueryError(c, live)).map((e) => [(e as { code?: string }).code, e.message, isRetryableError(e)])).toEqual([
    ['unauthorized', 'No session', false],
    ['server_error', 'down', true],
    ['network', 'TypeError: fetch failed', true],
    ['timeout', 'The request timed out after 0 ms', true],
    ['invalid_response', "The server's answer could not be read", false],
  ]);
});

test('an aborted request is an AbortedError, whatever RTK Query says', () => {
  const controller = new AbortController();
  controller.abort();
  expect(fromRtkQueryError({ name: 'AbortError', message: 'Aborted' }, controller.signal)).toMatchObject({ code: 'aborted' });
});

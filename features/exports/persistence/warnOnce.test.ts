/**
 * The warning policy of persistence (docs/design.md#persistence: "with one
 * warning to `onError`"): one warning per kind, and a throwing `onError`
 * never reaches the app.
 */
import { ExportError } from '../errors/ExportError';
import { createWarnOnce, tellSafely } from './warnOnce';

test('a second warning of the same kind is not passed on; another kind is', () => {
  const seen: unknown[] = [];
  const warn = createWarnOnce({ onError: (error) => seen.push(error) });
  const cause = new Error('disk');
  warn('storage_write', 'first', cause);
  warn('storage_write', 'second');
  warn('storage_quota', 'full');
  expect(seen).toHaveLength(2);
  const [first, other] = seen as ExportError[];
  expect(first).toBeInstanceOf(ExportError);
  expect([first!.code, first!.message, first!.cause]).toEqual(['storage_write', 'first', cause]);
  expect([other!.code, other!.message]).toEqual(['storage_quota', 'full']);
});

test('a throwing onError is swallowed, and still counts as told', () => {
  const onError = jest.fn(() => {
    throw new Error('app bug');
  });
  const warn = createWarnOnce({ onError });
  expect(() => warn('storage_read', 'x')).not.toThrow();
  expect(() => warn('storage_read', 'y')).not.toThrow();
  expect(onError).toHaveBeenCalledTimes(1);
  expect(() => tellSafely({ onError }, 'storage_write', 'z')).not.toThrow();
  expect(onError).toHaveBeenCalledTimes(2);
});

test('without onError nothing is thrown', () => {
  expect(() => createWarnOnce({})('storage_corrupt', 'x')).not.toThrow();
  expect(() => tellSafely({}, 'storage_corrupt', 'x')).not.toThrow();
});

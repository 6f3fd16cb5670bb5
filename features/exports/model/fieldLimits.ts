/**
 * The one set of field limits: the longest texts and lists the state keeps.
 * Everything is clipped to them on the way in (the reducers do it, whoever
 * dispatched), and stored state is read back against the same limits, so a
 * value the library wrote is a value it reads back (docs/failure-modes.md
 * row 16).
 */
import type { ErrorInfo } from './types';

export const TEXT_LIMITS = {
  id: 200,
  scope: 500,
  label: 500,
  stage: 200,
  message: 1_000,
  fileName: 500,
  warning: 1_000,
  warnings: 50,
  errorCode: 100,
} as const;

/** `text` cut to `max` UTF-16 units, never inside a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** An optional text, clipped. */
export const clipOptional = (text: string | undefined, max: number): string | undefined => (text === undefined ? undefined : clipText(text, max));

/** `{ code, message }` clipped to what the state keeps. */
export const clipError = (error: ErrorInfo): ErrorInfo => ({
  code: clipText(String(error.code), TEXT_LIMITS.errorCode),
  message: clipText(String(error.message), TEXT_LIMITS.message),
});

/** A list of warnings, clipped in count and length. */
export const clipWarnings = (warnings: readonly string[]): string[] =>
  warnings.slice(0, TEXT_LIMITS.warnings).map((warning) => clipText(String(warning), TEXT_LIMITS.warning));

import type { ErrorInfo } from '../model/types';
import { ExportError } from './ExportError';

const MAX_MESSAGE = 500;

/**
 * Turns anything thrown into the `{ code, message }` kept in state. Never
 * throws, never keeps more than a short message (no stacks, no bodies).
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ExportError) return clip(error.code, error.message);
  if (isAbortLike(error)) return { code: 'aborted', message: 'The operation was aborted' };
  if (error instanceof Error) return clip('unknown', error.message || error.name);
  if (typeof error === 'string') return clip('unknown', error);
  return { code: 'unknown', message: 'Something went wrong' };
}

/** True for a DOMException/Error named `AbortError` or an `AbortedError`. */
export function isAbortLike(error: unknown): boolean {
  if (error instanceof ExportError) return error.code === 'aborted';
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

function clip(code: string, message: string): ErrorInfo {
  return { code, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message };
}

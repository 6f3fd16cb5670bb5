/**
 * Reads an answer for the kit's readers: the body as JSON when the answer
 * is JSON (or untyped and parses), and its HTTP side (status, headers,
 * final URL). A body that is not JSON (a file behind a 303) is not read.
 */
import { InvalidResponseError } from '../errors/InvalidResponseError';
import type { BackendAnswer, JsonBody } from './types';

export interface KitAnswer {
  /** The parsed JSON, or `undefined` when the answer was empty or not JSON. */
  json: unknown;
  answer: BackendAnswer;
}

export async function readKitAnswer(response: Response): Promise<KitAnswer> {
  const answer: BackendAnswer = { status: response.status, headers: response.headers, url: response.url, redirected: response.redirected };
  const type = response.headers.get('Content-Type');
  if (type !== null && !/json/i.test(type)) {
    await response.body?.cancel().catch(() => undefined);
    return { json: undefined, answer };
  }
  const text = await response.text();
  if (text.trim() === '') return { json: undefined, answer };
  try {
    return { json: JSON.parse(text), answer };
  } catch (cause) {
    if (type === null) return { json: undefined, answer };
    throw new InvalidResponseError(`${response.url || 'the server'}: the answer is not JSON`, { cause });
  }
}

/** The body as readers get it: a plain object, or `{}`. */
export function asJsonBody(json: unknown): JsonBody {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as JsonBody) : {};
}

/**
 * The types of the HTTP contract checks (src/server/README.md, "Check your
 * own backend against the contract"): what a check gets, what it returns,
 * and what the checks share (the jobs they made, every answer they saw).
 */
export interface CheckContext {
  baseUrl: string;
  fetch: typeof fetch;
  /** Sent with every request (auth of your backend). */
  headers: Record<string, string>;
  /** How long a small export may take to finish. */
  jobTimeoutMs: number;
  /** The body of the small exports the checks start. */
  exportBody: { scope: string | null; params?: unknown; fileName?: string };
  /** `params` of an export big enough to still be running when cancelled. */
  bigParams: unknown;
  /**
   * Checks one answer against a description of the API (e.g. docs/openapi.json through
   * `createOpenApiValidator`): the problems found, none when it conforms. Without it, the
   * "every answer matches the OpenAPI document" check is skipped.
   */
  answerProblems?: (answer: RecordedAnswer) => string[];
}

export interface ContractCheck {
  name: string;
  run(ctx: CheckContext, shared: Shared): Promise<void | { skip: string }>;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  message?: string;
}

/** One answer a check got, as the OpenAPI check and the leak check read it. */
export interface RecordedAnswer {
  /** e.g. `GET /api/exports/abc/file?token=…` (the token hidden). */
  what: string;
  method: string;
  /** The path and query the request went to (no origin). */
  path: string;
  status: number;
  contentType: string;
  headers: string;
  /** The body as text (empty for a file or an event stream, whose bytes are not kept). */
  body: string;
  /** False when the body was not kept (a file, an event stream). */
  bodyKept: boolean;
}

export interface Shared {
  jobId?: string;
  completed?: boolean;
  terminalEventId?: number;
  link?: { url: string; expiresAt?: number | null; deliveryId?: string };
  responses: RecordedAnswer[];
}

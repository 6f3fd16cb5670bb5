/** What every row returns: one line of the table, plus details for the notes. */
export interface RowResult {
  row: string;
  ours: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: 'yes' | 'no' | '—';
  /** How it was measured, printed under the table. */
  note?: string;
}

/** Numbers for the figures: exact counts, never rounded here. */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`bench: ${what} is missing`);
  return value;
}

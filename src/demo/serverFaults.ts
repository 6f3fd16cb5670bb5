/** The reference server's fault injection switch (`GET/POST /api/_faults`), in the same shape the server takes (a type-only import: nothing of the server reaches the page). */
export type { FaultConfig } from '../server/faults';
import type { FaultConfig } from '../server/faults';

/** What "Faults on" means: flaky, but an export still gets through. */
export const FAULTS_ON: FaultConfig = { errorRate: 0.25, dropRate: 0.1, slowMs: 100, duplicateEvents: true, outOfOrder: true };
export const FAULTS_OFF: FaultConfig = { errorRate: 0, dropRate: 0, slowMs: 0, duplicateEvents: false, outOfOrder: false };

export const faultsActive = (config: FaultConfig): boolean =>
  config.errorRate > 0 || config.dropRate > 0 || config.slowMs > 0 || config.duplicateEvents || config.outOfOrder;

async function call(init?: RequestInit): Promise<FaultConfig> {
  const response = await fetch('/api/_faults', { headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, ...init });
  if (!response.ok) throw new Error(`The server answered ${response.status}`);
  return ((await response.json()) as { faults: FaultConfig }).faults;
}

export const readFaults = (): Promise<FaultConfig> => call();
export const writeFaults = (config: FaultConfig): Promise<FaultConfig> => call({ method: 'POST', body: JSON.stringify(config) });

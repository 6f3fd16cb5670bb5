/**
 * The baseline's panel, for the render-isolation row: the app's
 * `ExportContext` (one React context holding every export) and its
 * `ExportProgressPanel`, which lists the jobs from that context.
 *
 * Not a strawman: rows are `React.memo`'d and keyed by id, and the state is
 * updated immutably (only the changed job gets a new object). But each row
 * reads its job with `useContext(ExportContext)` (the app's
 * `useExportContext()` pattern), and a context re-renders every consumer
 * whenever its value changes: memo cannot stop that. docs/failure-modes.md row 10
 * ("the panel and the dialog held different copies of the job") comes from
 * the same shape: state copied out of one shared context.
 */
import { createContext, memo, useContext, useEffect, useState } from 'react';
import type { ComponentType, ReactElement, ReactNode } from 'react';
import type { JobSnapshot } from '../../features/exports/model/types';

export interface BaselineExportsValue {
  ids: readonly string[];
  jobs: Readonly<Record<string, JobSnapshot>>;
}

/** The state behind the context: what `setExports` in the app's provider held. */
export interface BaselineExportsSource {
  get(): BaselineExportsValue;
  subscribe(listener: () => void): () => void;
  /** A push event or a poll answer: replaces that job's object. */
  receive(snapshot: JobSnapshot): void;
}

export function createBaselineExportsSource(initial: readonly JobSnapshot[] = []): BaselineExportsSource {
  let value: BaselineExportsValue = {
    ids: initial.map((job) => job.id),
    jobs: Object.fromEntries(initial.map((job) => [job.id, job])),
  };
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    receive: (snapshot) => {
      const known = snapshot.id in value.jobs;
      value = { ids: known ? value.ids : [...value.ids, snapshot.id], jobs: { ...value.jobs, [snapshot.id]: snapshot } };
      for (const listener of listeners) listener();
    },
  };
}

const ExportContext = createContext<BaselineExportsValue | null>(null);

export function BaselineExportProvider({ source, children }: { source: BaselineExportsSource; children: ReactNode }): ReactElement {
  const [value, setValue] = useState(source.get);
  useEffect(() => source.subscribe(() => setValue(source.get())), [source]);
  return <ExportContext.Provider value={value}>{children}</ExportContext.Provider>;
}

function useExportContext(): BaselineExportsValue {
  const value = useContext(ExportContext);
  if (!value) throw new Error('useExportContext outside BaselineExportProvider');
  return value;
}

export interface BaselineRowProps {
  id: string;
}

function BaselineRowImpl({ id }: BaselineRowProps): ReactElement | null {
  const { jobs } = useExportContext();
  const job = jobs[id];
  if (!job) return null;
  const progress = Math.round(job.progress);
  return (
    <li className="export-row" data-job-id={job.id} data-status={job.status}>
      <span>{job.label ?? job.fileName ?? job.id}</span>
      <div role="progressbar" aria-valuenow={progress} aria-valuemin={0} aria-valuemax={100} style={{ width: `${progress}%` }} />
      {job.stage ? <span>{job.stage}</span> : null}
    </li>
  );
}

export const BaselineRow = memo(BaselineRowImpl);

export function BaselinePanel({ rowComponent: Row = BaselineRow }: { rowComponent?: ComponentType<BaselineRowProps> }): ReactElement {
  const { ids } = useExportContext();
  return (
    <section>
      <h2>Exports</h2>
      <ul>
        {ids.map((id) => (
          <Row key={id} id={id} />
        ))}
      </ul>
    </section>
  );
}

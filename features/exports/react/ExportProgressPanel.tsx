import { useId, useMemo } from 'react';
import type { ComponentType, ReactElement } from 'react';
import { ExportJobRow } from './ExportJobRow';
import type { ExportJobRowProps } from './ExportJobRow';
import { mergeExportTexts } from './texts';
import type { ExportTexts } from './texts';
import { useExportJobIds } from './useExportJobs';

/** Props of `<ExportProgressPanel>`: the list of a scope's exports (all of them without a scope). */
export interface ExportProgressPanelProps {
  /** Only this scope's jobs (`null`: jobs without one); leave it out for all. */
  scope?: string | null;
  /** Words to replace; the rest stay the defaults. Pass a stable object (or a constant) to keep rows memoized. */
  texts?: Partial<ExportTexts>;
  /** Replaces the heading; `null` for none. */
  title?: string | null;
  className?: string;
  /** Renders each row. @default ExportJobRow */
  rowComponent?: ComponentType<ExportJobRowProps>;
}

/**
 * The exports of a scope, newest first. The panel selects only the ids;
 * each row selects its own job, so a progress tick re-renders one row.
 * Any number of panels can be mounted: they only read state.
 *
 * @example
 * <ExportProgressPanel scope={projectId} texts={{ title: 'Project exports' }} />
 */
export function ExportProgressPanel({ scope, texts, title, className, rowComponent: Row = ExportJobRow }: ExportProgressPanelProps): ReactElement {
  const ids = useExportJobIds({ scope });
  const merged = useMemo(() => mergeExportTexts(texts), [texts]);
  const headingId = useId();
  const heading = title === undefined ? merged.title : title;
  return (
    <section
      className={className ? `rej-panel ${className}` : 'rej-panel'}
      aria-labelledby={heading ? headingId : undefined}
      data-count={ids.length}
    >
      {heading ? (
        <h2 className="rej-panel__title" id={headingId}>
          {heading}
        </h2>
      ) : null}
      {ids.length === 0 ? (
        <p className="rej-panel__empty">{merged.empty}</p>
      ) : (
        <ul className="rej-panel__list">
          {ids.map((id) => (
            <Row key={id} id={id} texts={merged} />
          ))}
        </ul>
      )}
    </section>
  );
}

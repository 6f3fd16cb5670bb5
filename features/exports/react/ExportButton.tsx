import { useMemo } from 'react';
import type { ReactElement, ReactNode } from 'react';
import type { StartExportArg } from '../engine/startExport';
import { errorText, mergeExportTexts } from './texts';
import type { ExportTexts } from './texts';
import type { StartExportResult } from './useStartExport';
import { useStartExport } from './useStartExport';

/** Props of `<ExportButton>`: what to export (as `startExport` takes it), plus the button's own. */
export interface ExportButtonProps extends StartExportArg {
  /** The button's content. @default texts.start */
  children?: ReactNode;
  texts?: Partial<ExportTexts>;
  className?: string;
  disabled?: boolean;
  /** Told how the start ended (the export itself goes on in the store). */
  onStarted?(result: StartExportResult): void;
}

/**
 * Starts one export per click with the given scope, params and label. It
 * says "started" once the server accepted it, never "done": the panel shows
 * the rest.
 *
 * @example
 * <ExportButton scope={projectId} params={{ format: 'coco' }} label="Annotations (COCO)" fileName="annotations.zip" />
 */
export function ExportButton({ children, texts, className, disabled, onStarted, ...arg }: ExportButtonProps): ReactElement {
  const { start, isStarting, error, lastJobId } = useStartExport();
  const merged = useMemo(() => mergeExportTexts(texts), [texts]);
  const label = arg.label ?? merged.untitled;
  const message = error ? errorText(error, merged) : lastJobId ? merged.started(label) : '';
  return (
    <span className={className ? `rej-start ${className}` : 'rej-start'} data-starting={isStarting ? 'true' : undefined}>
      <button
        type="button"
        className="rej-button rej-button--start"
        disabled={disabled || isStarting}
        aria-busy={isStarting || undefined}
        onClick={() => {
          void start(arg).then((result) => onStarted?.(result));
        }}
      >
        {isStarting ? merged.starting : (children ?? merged.start)}
      </button>
      <span className="rej-start__status" role="status" aria-live="polite" data-error-code={error?.code}>
        {message}
      </span>
    </span>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { errorText, useStartExport } from '../react';
import type { ExportOptions, Project } from './projects';
import { DEFAULT_OPTIONS, exportFileName, exportLabel, FORMAT_NAMES, serverParams } from './projects';

interface ExportDialogProps {
  project: Project;
  autoDownload: boolean;
  onClose(): void;
}

/** The export dialog: formats and options, then one start. The job lives in the store, not here. */
export function ExportDialog({ project, autoDownload, onClose }: ExportDialogProps): ReactElement {
  const [options, setOptions] = useState<ExportOptions>(DEFAULT_OPTIONS);
  const { start, isStarting, error } = useStartExport();
  const titleId = useId();
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstField.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await start({
      scope: project.id,
      params: serverParams(options),
      fileName: exportFileName(project, options),
      label: exportLabel(project, options),
      autoDownload,
    });
    if (result.status === 'ok') onClose();
  };
  const set = <K extends keyof ExportOptions>(key: K, value: ExportOptions[K]): void => setOptions((o) => ({ ...o, [key]: value }));

  return (
    <div className="demo-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="demo-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>Export “{project.name}”</h2>
        <form onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>Annotation format</legend>
            {(Object.keys(FORMAT_NAMES) as Array<keyof typeof FORMAT_NAMES>).map((format, i) => (
              <label key={format} className="demo-choice">
                <input
                  ref={i === 0 ? firstField : undefined}
                  type="radio"
                  name="format"
                  value={format}
                  checked={options.format === format}
                  onChange={() => set('format', format)}
                />
                {FORMAT_NAMES[format]}
              </label>
            ))}
          </fieldset>
          <label className="demo-choice">
            <input type="checkbox" checked={options.includeImages} onChange={(e) => set('includeImages', e.target.checked)} />
            Include images ({project.images.toLocaleString('en')} files)
          </label>
          <label className="demo-field">
            Metrics
            <select value={options.metrics} onChange={(e) => set('metrics', e.target.value as ExportOptions['metrics'])}>
              <option value="xlsx">Excel (.xlsx)</option>
              <option value="csv">CSV</option>
              <option value="none">No metrics</option>
            </select>
          </label>
          <details className="demo-advanced">
            <summary>Demo options</summary>
            <label className="demo-choice">
              <input type="checkbox" checked={options.failOnPurpose} onChange={(e) => set('failOnPurpose', e.target.checked)} />
              Make the server fail this export
            </label>
          </details>
          <p className="demo-hint">
            File: <code>{exportFileName(project, options)}</code>
            {autoDownload ? ', downloaded automatically when ready.' : ', ready to download when done.'}
          </p>
          <p className="demo-error" role="status" aria-live="polite">
            {error ? errorText(error) : ''}
          </p>
          <div className="demo-dialog__actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button type="submit" className="demo-primary" disabled={isStarting}>
              {isStarting ? 'Starting…' : 'Start export'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

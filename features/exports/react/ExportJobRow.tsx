import { memo, useId } from 'react';
import type { ReactElement } from 'react';
import { describeJob } from './describeJob';
import { defaultExportTexts } from './texts';
import type { ExportTexts } from './texts';
import { useExportActions } from './useExportActions';
import { useExportJob } from './useExportJob';

/** Props of `<ExportJobRow>`: one job's row, by id. */
export interface ExportJobRowProps {
  /** The job to show. The row selects it itself, so it re-renders alone on its own progress. */
  id: string;
  /** Complete texts (the panel merges overrides once and passes the same object to every row). */
  texts?: ExportTexts;
}

/**
 * One job: label, progress bar with stage and message, status (announced
 * politely), warnings, error in words, and the actions that make sense now.
 * Holds no export logic: its buttons only dispatch events.
 *
 * Styling hooks: `.rej-row` with `data-status` (the job's status),
 * `data-phase` (status refined by the download), `data-download-status`
 * (`none` before a claim) and `data-retrying`.
 */
function ExportJobRowImpl({ id, texts = defaultExportTexts }: ExportJobRowProps): ReactElement | null {
  const { job, download } = useExportJob(id);
  const actions = useExportActions(id);
  const labelId = useId();
  if (!job) return null;
  const view = describeJob(job, download, texts);
  const progress = Math.round(job.progress);

  return (
    <li
      className="rej-row"
      aria-labelledby={labelId}
      data-job-id={job.id}
      data-status={job.status}
      data-phase={view.phase}
      data-download-status={download?.status ?? 'none'}
      data-retrying={view.retrying ? 'true' : undefined}
      data-attempts={view.attempts || undefined}
    >
      <div className="rej-row__header">
        <span className="rej-row__label" id={labelId}>
          {view.label}
        </span>
        <span className="rej-row__status" role="status" aria-live="polite">
          <span className="rej-row__status-text">{view.statusText}</span>
          {view.errorText ? <span className="rej-row__error" data-error-code={view.error?.code}>{view.errorText}</span> : null}
        </span>
      </div>
      <div
        className="rej-progress"
        role="progressbar"
        aria-label={texts.progressLabel(view.label)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        aria-valuetext={texts.progressValue(progress, view.stageText || undefined)}
        style={{ ['--rej-progress' as string]: `${progress}%` }}
      >
        <div className="rej-progress__fill" />
      </div>
      {view.detail ? <div className="rej-row__detail">{view.detail}</div> : null}
      {job.warnings.length > 0 ? (
        <div className="rej-row__warnings">
          <span className="rej-row__warnings-title">{texts.warningsTitle}</span>
          <ul>
            {job.warnings.map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {view.actions.cancel || view.actions.download || view.actions.downloadAgain || view.actions.dismiss ? (
        <div className="rej-row__actions">
          {view.actions.cancel ? (
            <button type="button" className="rej-button rej-button--cancel" aria-label={texts.cancelLabel(view.label)} onClick={actions.cancel}>
              {texts.cancel}
            </button>
          ) : null}
          {view.actions.download ? (
            <button type="button" className="rej-button rej-button--download" aria-label={texts.downloadLabel(view.label)} onClick={actions.downloadAgain}>
              {texts.download}
            </button>
          ) : null}
          {view.actions.downloadAgain ? (
            <button type="button" className="rej-button rej-button--download-again" aria-label={texts.downloadAgainLabel(view.label)} onClick={actions.downloadAgain}>
              {texts.downloadAgain}
            </button>
          ) : null}
          {view.actions.dismiss ? (
            <button type="button" className="rej-button rej-button--dismiss" aria-label={texts.dismissLabel(view.label)} onClick={actions.dismiss}>
              {texts.dismiss}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** Memoized: it re-renders on its own job's changes, not on its siblings'. */
export const ExportJobRow = memo(ExportJobRowImpl);
ExportJobRow.displayName = 'ExportJobRow';

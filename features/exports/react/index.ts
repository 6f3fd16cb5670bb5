/** React bindings of redux-export-jobs: hooks and components that only read state and dispatch events. */
export { useExportJob } from './useExportJob';
export type { UseExportJobResult } from './useExportJob';
export { useExportJobs, useExportJobIds } from './useExportJobs';
export type { UseExportJobsOptions } from './useExportJobs';
export { useStartExport } from './useStartExport';
export type { StartExportResult, UseStartExportResult } from './useStartExport';
export { useExportActions } from './useExportActions';
export type { ExportActions } from './useExportActions';
export { ExportProgressPanel } from './ExportProgressPanel';
export type { ExportProgressPanelProps } from './ExportProgressPanel';
export { ExportJobRow } from './ExportJobRow';
export type { ExportJobRowProps } from './ExportJobRow';
export { ExportButton } from './ExportButton';
export type { ExportButtonProps } from './ExportButton';
export { describeJob } from './describeJob';
export type { ExportRowActions, ExportRowPhase, ExportRowView } from './describeJob';
export { defaultExportTexts, mergeExportTexts, errorText } from './texts';
export type { ExportTexts } from './texts';

import type { DownloadRecord, ExportJob } from '../model/types';
import { describeJob } from './describeJob';
import { defaultExportTexts, errorText, mergeExportTexts } from './texts';

const job = (patch: Partial<ExportJob> = {}): ExportJob => ({
  id: 'j1', scope: 'p1', label: 'COCO', status: 'running', progress: 40, warnings: [], autoDownload: true, createdAt: 1, updatedAt: 1, ...patch,
});
const record = (patch: Partial<DownloadRecord> = {}): DownloadRecord => ({
  status: 'done', claimId: 'c1', trigger: 'auto', claimedAt: 2, attempts: 1, ...patch,
});
const t = defaultExportTexts;

describe('describeJob', () => {
  it.each([
    ['pending', job({ status: 'pending' }), undefined, 'Waiting to start…', { cancel: true }],
    ['running', job(), undefined, 'Exporting…', { cancel: true }],
    ['cancelling', job({ status: 'cancelling' }), undefined, 'Cancelling…', {}],
    ['cancelled', job({ status: 'cancelled' }), undefined, 'Cancelled', { dismiss: true }],
    ['failed', job({ status: 'failed', error: { code: 'export_failed', message: 'x' } }), undefined, 'Export failed', { dismiss: true }],
    ['expired', job({ status: 'expired' }), undefined, 'Expired', { dismiss: true }],
    ['completed, no record', job({ status: 'completed' }), undefined, 'Ready to download', { download: true, dismiss: true }],
    ['claimed', job({ status: 'completed' }), record({ status: 'claimed', attempts: 0 }), 'Downloading…', { dismiss: true }],
    ['downloading', job({ status: 'completed' }), record({ status: 'downloading' }), 'Downloading…', { dismiss: true }],
    ['done', job({ status: 'completed' }), record(), 'Downloaded', { downloadAgain: true, dismiss: true }],
    ['download failed', job({ status: 'completed' }), record({ status: 'failed', error: { code: 'forbidden', message: '' } }), 'Download failed', { downloadAgain: true, dismiss: true }],
    ['interrupted', job({ status: 'completed' }), record({ status: 'interrupted' }), 'Download interrupted', { downloadAgain: true, dismiss: true }],
  ] as const)('%s', (_name, j, r, status, actions) => {
    const view = describeJob(j, r, t);
    expect(view.statusText).toBe(status);
    expect(view.actions).toEqual({ cancel: false, download: false, downloadAgain: false, dismiss: false, ...actions });
  });

  it('a server stage called "downloading" (or "packing") never reads as the client download', () => {
    for (const stage of ['downloading', 'packing']) {
      const view = describeJob(job({ progress: 95, stage }), undefined, t);
      expect(view.phase).toBe('running');
      expect(view.statusText).toBe('Exporting…');
      expect(view.actions.cancel).toBe(true);
    }
  });

  it('says "retrying" with attempts > 1 or a retry due, and how many attempts a success took', () => {
    const completed = job({ status: 'completed' });
    expect(describeJob(completed, record({ status: 'downloading', attempts: 2 }), t).statusText).toBe('Downloading… (retrying)');
    const due = describeJob(completed, record({ status: 'downloading', attempts: 1, retryAt: 9, error: { code: 'server_error', message: '503' } }), t);
    expect(due.retrying).toBe(true);
    expect(due.errorText).toBe(t.errors.server_error);
    expect(describeJob(completed, record({ attempts: 3 }), t).statusText).toBe('Downloaded (after 3 attempts)');
  });

  it('labels: the label, else the file name, else "Export"', () => {
    expect(describeJob(job({ label: undefined, fileName: 'a.zip' }), undefined, t).label).toBe('a.zip');
    expect(describeJob(job({ label: '  ' }), undefined, t).label).toBe('Export');
  });

  it('stage and message make one detail line', () => {
    expect(describeJob(job({ stage: 'writing_files', message: '3 of 10' }), undefined, t).detail).toBe('Writing files · 3 of 10');
    expect(describeJob(job({ status: 'failed', stage: 'packing' }), undefined, t).detail).toBe('Packing');
    expect(describeJob(job({ status: 'completed', stage: 'packing' }), record(), t).detail).toBe('');
  });
});

describe('texts', () => {
  it('maps every documented error code to words, and unknown codes to generic ones', () => {
    for (const code of ['unauthorized', 'forbidden', 'not_found', 'gone', 'rate_limited', 'server_error', 'network', 'timeout', 'aborted', 'export_failed', 'invalid_response']) {
      const words = errorText({ code, message: 'raw' });
      expect(words).toBeTruthy();
      expect(words).not.toBe(t.errors.unknown);
    }
    expect(errorText({ code: 'teapot', message: 'I am a teapot' })).toBe('Something went wrong.');
    expect(errorText(undefined)).toBeUndefined();
  });

  it('merges overrides, errors code by code', () => {
    const merged = mergeExportTexts({ cancel: 'Stop', errors: { gone: 'Gone!' } });
    expect(merged.cancel).toBe('Stop');
    expect(merged.errors.gone).toBe('Gone!');
    expect(merged.errors.network).toBe(t.errors.network);
    expect(mergeExportTexts(undefined)).toBe(t);
  });
});

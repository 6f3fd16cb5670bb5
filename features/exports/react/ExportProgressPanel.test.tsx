import { act, fireEvent, screen, within } from '@testing-library/react';
import { Profiler } from 'react';
import type { ReactElement } from 'react';
import { downloadRequested } from '../model/exportsSlice';
import { startExport } from '../engine/startExport';
import type { StartExportArg } from '../engine/startExport';
import type { PersistStorageLike } from '../persistence/safeStorage';
import { createMemoryTransport } from '../testkit/createMemoryTransport';
import { ExportJobRow } from './ExportJobRow';
import type { ExportJobRowProps } from './ExportJobRow';
import { ExportProgressPanel } from './ExportProgressPanel';
import { disposeTestStores, renderWithProviders, settle, until } from '../testSupport/renderWithProviders';
import type { RenderWithProvidersResult } from '../testSupport/renderWithProviders';

afterEach(async () => {
  await disposeTestStores();
});

async function start(r: RenderWithProvidersResult, arg: Partial<StartExportArg> = {}): Promise<string> {
  let id = '';
  await act(async () => {
    const action = await r.store.dispatch(startExport({ scope: 'p1', label: 'COCO export', ...arg }));
    if (!startExport.fulfilled.match(action)) throw new Error(`start failed: ${JSON.stringify(action.payload)}`);
    id = action.payload.id;
  });
  return id;
}

const row = (label: string): HTMLElement => screen.getByRole('listitem', { name: label });
const buttonNames = (label: string): string[] =>
  within(row(label))
    .queryAllByRole('button')
    .map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '');
const statusOf = (label: string): string => within(row(label)).getByRole('status').textContent ?? '';

describe('row isolation', () => {
  it('100 jobs on screen, one progress tick: exactly one row re-renders and the panel does not', async () => {
    const commits = new Map<string, number>();
    let rowElementRenders = 0;
    function CountingRow(props: ExportJobRowProps): ReactElement {
      rowElementRenders += 1; // runs only when the panel itself renders its rows
      return (
        <Profiler id={props.id} onRender={(id) => commits.set(id, (commits.get(id) ?? 0) + 1)}>
          <ExportJobRow {...props} />
        </Profiler>
      );
    }
    let panelCommits = 0;
    const r = renderWithProviders(
      <Profiler id="panel" onRender={() => (panelCommits += 1)}>
        <ExportProgressPanel scope="p1" rowComponent={CountingRow} />
      </Profiler>,
    );
    const ids: string[] = [];
    await act(async () => {
      const actions = await Promise.all(
        Array.from({ length: 100 }, (_, i) => r.store.dispatch(startExport({ scope: 'p1', label: `Job ${i}` }))),
      );
      for (const action of actions) if (startExport.fulfilled.match(action)) ids.push(action.payload.id);
    });
    await until(() => screen.queryAllByRole('listitem').length === 100, { what: '100 rows' });
    await settle(50);
    expect(screen.getAllByRole('progressbar')).toHaveLength(100);

    commits.clear();
    rowElementRenders = 0;
    panelCommits = 0;
    const target = ids[42]!;
    r.transport.server.progress(target, 50, 'collecting');
    const bar = within(row('Job 42')).getByRole('progressbar');
    await until(() => bar.getAttribute('aria-valuenow') === '50', { what: 'the tick' });
    await settle(50);

    expect([...commits.entries()]).toEqual([[target, 1]]);
    expect(rowElementRenders).toBe(0);
    expect(panelCommits).toBe(1); // the one commit of that row, inside the panel's tree
    expect(within(row('Job 41')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
  });
});

describe("each state's status and buttons", () => {
  it('pending and running: Cancel only; a server stage named "downloading" is only stage text', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    await settle();
    expect(row('COCO export').getAttribute('data-status')).toBe('pending');
    expect(statusOf('COCO export')).toBe('Waiting to start…');
    expect(buttonNames('COCO export')).toEqual(['Cancel COCO export']);

    r.transport.server.progress(id, 95, 'downloading');
    await until(() => row('COCO export').getAttribute('data-status') === 'running');
    expect(statusOf('COCO export')).toBe('Exporting…');
    expect(row('COCO export').getAttribute('data-download-status')).toBe('none');
    expect(within(row('COCO export')).getByText('Downloading')).toBeTruthy(); // the stage line, not the status
    expect(buttonNames('COCO export')).toEqual(['Cancel COCO export']);
  });

  it('never announces success before the file was handed over; then Download again and Dismiss', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.holdDownloads();
    r.transport.server.complete(id, { fileName: 'coco.zip' });
    await until(() => row('COCO export').getAttribute('data-download-status') === 'downloading');
    expect(statusOf('COCO export')).toBe('Downloading…');
    expect(statusOf('COCO export')).not.toContain('Downloaded');
    expect(buttonNames('COCO export')).toEqual(['Dismiss COCO export']);
    expect(r.transport.downloads.count(id)).toBe(0);

    await act(async () => r.transport.server.releaseDownloads());
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done');
    expect(statusOf('COCO export')).toBe('Downloaded');
    expect(buttonNames('COCO export')).toEqual(['Download COCO export again', 'Dismiss COCO export']);
    expect(r.transport.downloads.count(id)).toBe(1);
  });

  it('cancelling then cancelled: no buttons while cancelling, Dismiss after, no download, nothing left watching', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.progress(id, 30, 'collecting');
    await until(() => row('COCO export').getAttribute('data-status') === 'running');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel COCO export' }));
    expect(row('COCO export').getAttribute('data-status')).toBe('cancelling');
    expect(statusOf('COCO export')).toBe('Cancelling…');
    expect(buttonNames('COCO export')).toEqual([]);
    await until(() => row('COCO export').getAttribute('data-status') === 'cancelled');
    expect(statusOf('COCO export')).toBe('Cancelled');
    expect(buttonNames('COCO export')).toEqual(['Dismiss COCO export']);
    await settle(50);
    expect(r.transport.downloads.count()).toBe(0);
    expect(r.transport.openSubscriptions()).toBe(0);
    expect(r.bundle.listeners.running()).toEqual({ monitor: 0, download: 0, cancel: 0 });
  });

  it('failed: the error in words, Dismiss only', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.fail(id, 'export_failed', 'worker crashed at packing');
    await until(() => row('COCO export').getAttribute('data-status') === 'failed');
    expect(statusOf('COCO export')).toBe('Export failedThe server could not build this export.');
    expect(statusOf('COCO export')).not.toContain('worker crashed');
    expect(buttonNames('COCO export')).toEqual(['Dismiss COCO export']);
  });

  it('expired: Dismiss only', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.expire(id);
    await until(() => row('COCO export').getAttribute('data-status') === 'expired');
    expect(statusOf('COCO export')).toContain('Expired');
    expect(buttonNames('COCO export')).toEqual(['Dismiss COCO export']);
  });

  it('completed without auto-download: "Ready to download" with Download, one file per click', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r, { autoDownload: false });
    r.transport.server.complete(id);
    await until(() => row('COCO export').getAttribute('data-status') === 'completed');
    await settle();
    expect(statusOf('COCO export')).toBe('Ready to download');
    expect(buttonNames('COCO export')).toEqual(['Download COCO export', 'Dismiss COCO export']);
    expect(r.transport.downloads.count(id)).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Download COCO export' }));
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done');
    expect(r.transport.downloads.count(id)).toBe(1);
    expect(buttonNames('COCO export')).toEqual(['Download COCO export again', 'Dismiss COCO export']);
  });

  it('a download refused with 401 is not retried: "Download failed", the words, Download again', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.failNext('download', 401);
    r.transport.server.complete(id);
    await until(() => row('COCO export').getAttribute('data-download-status') === 'failed');
    expect(statusOf('COCO export')).toBe('Download failedYour session has expired. Sign in again, then try again.');
    expect(buttonNames('COCO export')).toEqual(['Download COCO export again', 'Dismiss COCO export']);
    expect(r.transport.calls.count('download', id)).toBe(1);
  });

  it('a 503 is retried inside the claim: "retrying" while it waits, then "after 2 attempts"', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />, {
      storeOptions: { retryBaseDelayMs: 300, retryMaxDelayMs: 300, random: () => 0.5 },
    });
    const id = await start(r);
    r.transport.server.failNext('download', 503);
    r.transport.server.complete(id);
    await until(() => row('COCO export').getAttribute('data-retrying') === 'true', { what: 'retrying' });
    expect(statusOf('COCO export')).toBe('Downloading… (retrying)The server had a problem. Try again in a moment.');
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done', { what: 'done' });
    expect(statusOf('COCO export')).toBe('Downloaded (after 2 attempts)');
    expect(row('COCO export').getAttribute('data-attempts')).toBe('2');
    expect(r.transport.downloads.count(id)).toBe(1);
  });

  it('a file handed over just before a reload, by a backend without receipts, is "Started before the page reloaded", offered again, never restarted on its own', async () => {
    const data = new Map<string, string>();
    const storage: PersistStorageLike = {
      getItem: (key) => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: (key) => void data.delete(key),
    };
    const transport = createMemoryTransport({ push: true });
    // The link went to the browser; the page goes before it hears back.
    const handsOver: typeof transport = { ...transport, download: async (_job, opts) => void (await opts.beforeHandover?.(), await new Promise(() => {})) };
    const first = renderWithProviders(<ExportProgressPanel scope="p1" />, { transport: handsOver, storeOptions: { storage } });
    await act(() => first.bundle.ready);
    const id = await start(first);
    transport.server.complete(id);
    await until(() => (data.get('persist:redux-export-jobs') ?? '').includes('handedOver'), { what: 'the handover on disk' });
    first.unmount();
    await act(() => first.bundle.dispose()); // the "reload"

    const second = renderWithProviders(<ExportProgressPanel scope="p1" />, { transport, storeOptions: { storage } });
    await act(() => second.bundle.ready);
    await until(() => screen.queryAllByRole('listitem').length === 1, { what: 'the restored row' });
    expect(row('COCO export').getAttribute('data-download-status')).toBe('interrupted');
    expect(statusOf('COCO export')).toContain('Started before the page reloaded');
    expect(buttonNames('COCO export')).toEqual(['Download COCO export again', 'Dismiss COCO export']);
    await settle(50);
    expect(transport.downloads.count(id)).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Download COCO export again' }));
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done');
    expect(transport.downloads.count(id)).toBe(1);
  });
});

describe('actions', () => {
  it('Download again: exactly one more download per click, and a click while one runs is ignored', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.complete(id);
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done');
    expect(r.transport.downloads.count(id)).toBe(1);

    for (const expected of [2, 3]) {
      fireEvent.click(screen.getByRole('button', { name: 'Download COCO export again' }));
      await until(() => r.transport.downloads.count(id) === expected && row('COCO export').getAttribute('data-download-status') === 'done');
      await settle();
      expect(r.transport.downloads.count(id)).toBe(expected);
    }

    r.transport.server.holdDownloads();
    fireEvent.click(screen.getByRole('button', { name: 'Download COCO export again' }));
    await until(() => row('COCO export').getAttribute('data-download-status') === 'downloading');
    expect(screen.queryByRole('button', { name: 'Download COCO export again' })).toBeNull();
    act(() => {
      r.store.dispatch(downloadRequested({ id })); // a second click that got through anyway
    });
    await act(async () => r.transport.server.releaseDownloads());
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done');
    await settle();
    expect(r.transport.downloads.count(id)).toBe(4);
  });

  it('Dismiss removes the row and its record', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r);
    r.transport.server.complete(id);
    await until(() => row('COCO export').getAttribute('data-download-status') === 'done');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss COCO export' }));
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(screen.getByText('No exports yet.')).toBeTruthy();
    expect(r.store.getState().exports.downloadedJobIds[id]).toBeUndefined();
  });

  it('any number of panels under StrictMode: still one download per job', async () => {
    const r = renderWithProviders(
      <>
        <ExportProgressPanel scope="p1" />
        <ExportProgressPanel scope="p1" title="Again" />
        <ExportProgressPanel />
      </>,
      { strict: true },
    );
    const id = await start(r);
    r.transport.server.complete(id);
    r.transport.server.complete(id);
    await until(() => screen.getAllByRole('listitem', { name: 'COCO export' }).every((li) => li.getAttribute('data-download-status') === 'done'));
    await settle(50);
    expect(screen.getAllByRole('listitem', { name: 'COCO export' })).toHaveLength(3);
    expect(r.transport.downloads.count(id)).toBe(1);
  });
});

describe('accessibility and styling hooks', () => {
  it('progress bars, named buttons, a polite status region, a labelled panel', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p1" />);
    const id = await start(r, { label: 'Metrics (Excel)' });
    r.transport.server.progress(id, 42.4, 'writing');
    await until(() => row('Metrics (Excel)').getAttribute('data-status') === 'running');

    expect(screen.getByRole('region', { name: 'Exports' })).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Progress of Metrics (Excel)' });
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuetext')).toBe('42%, Writing');
    const status = within(row('Metrics (Excel)')).getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('button', { name: 'Cancel Metrics (Excel)' }).textContent).toBe('Cancel');
    expect(row('Metrics (Excel)').className).toBe('rej-row');
    expect(row('Metrics (Excel)').getAttribute('data-job-id')).toBe(id);
  });

  it('every text is replaceable, errors code by code', async () => {
    const texts = {
      title: 'Exporte',
      cancel: 'Abbrechen',
      cancelLabel: (label: string) => `${label} abbrechen`,
      statusFailed: 'Fehlgeschlagen',
      errors: { export_failed: 'Der Server konnte den Export nicht erstellen.' },
    };
    const r = renderWithProviders(<ExportProgressPanel scope="p1" texts={texts} />);
    const id = await start(r, { label: 'YOLO' });
    expect(screen.getByRole('heading', { name: 'Exporte' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'YOLO abbrechen' }).textContent).toBe('Abbrechen');
    r.transport.server.fail(id);
    await until(() => row('YOLO').getAttribute('data-status') === 'failed');
    expect(statusOf('YOLO')).toBe('FehlgeschlagenDer Server konnte den Export nicht erstellen.');
    expect(screen.getByRole('button', { name: 'Dismiss YOLO' })).toBeTruthy(); // defaults kept
  });

  it('lists newest first, and the unscoped panel stays still on a progress tick', async () => {
    let panelRenders = 0;
    function CountingRow(props: ExportJobRowProps): ReactElement {
      panelRenders += 1;
      return <ExportJobRow {...props} />;
    }
    const r = renderWithProviders(<ExportProgressPanel rowComponent={CountingRow} />);
    const first = await start(r, { label: 'First' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await start(r, { scope: 'p2', label: 'Second' });
    await settle();
    expect(screen.getAllByRole('listitem').map((li) => li.querySelector('.rej-row__label')?.textContent)).toEqual(['Second', 'First']);
    panelRenders = 0;
    r.transport.server.progress(first, 10);
    await until(() => row('First').getAttribute('data-status') === 'running');
    await settle();
    expect(panelRenders).toBe(0);
  });

  it('shows only its scope', async () => {
    const r = renderWithProviders(<ExportProgressPanel scope="p2" />);
    await start(r, { scope: 'p1', label: 'One' });
    await start(r, { scope: 'p2', label: 'Two' });
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('listitem', { name: 'Two' })).toBeTruthy();
  });
});


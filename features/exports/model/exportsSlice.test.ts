import {
  cancelRequested,
  downloadClaimed,
  downloadFailed,
  downloadStarted,
  downloadSucceeded,
  exportsReducer,
  initialExportsState,
  jobAdded,
  jobCancelled,
  jobCompleted,
  jobDismissed,
  jobFailed,
  jobProgressed,
  jobsPruned,
} from './exportsSlice';
import type { ExportsState } from './types';
import type { UnknownAction } from '@reduxjs/toolkit';

const run = (...actions: UnknownAction[]): ExportsState => actions.reduce(exportsReducer, initialExportsState);
const job = (state: ExportsState, id = 'a') => state.jobs.entities[id];

describe('jobs', () => {
  test('progress is clamped to 0..100 and never goes backwards', () => {
    const state = run(
      jobAdded({ id: 'a', scope: 'p', at: 1 }),
      jobProgressed({ id: 'a', progress: 40, at: 2 }),
      jobProgressed({ id: 'a', progress: 10, at: 3 }),
      jobProgressed({ id: 'a', progress: 250, at: 4 }),
    );
    expect(job(state)?.progress).toBe(100);
    expect(run(jobAdded({ id: 'a', scope: 'p' }), jobProgressed({ id: 'a', progress: -5 }), jobProgressed({ id: 'a', progress: Number.NaN }))
      .jobs.entities.a?.progress).toBe(0);
    expect(run(jobAdded({ id: 'a', scope: 'p' }), jobProgressed({ id: 'a', progress: 40 }), jobProgressed({ id: 'a', progress: 10 }))
      .jobs.entities.a?.progress).toBe(40);
  });

  test('a pending job becomes running on progress and never goes back to pending', () => {
    const state = run(jobAdded({ id: 'a', scope: null }), jobProgressed({ id: 'a', progress: 5, status: 'running' }), jobProgressed({ id: 'a', status: 'pending' }));
    expect(job(state)?.status).toBe('running');
  });

  test('terminal states absorb: progress after completion, a late cancel, a second failure change nothing', () => {
    const completed = run(jobAdded({ id: 'a', scope: null }), jobCompleted({ id: 'a', fileName: 'a.zip', at: 10 }));
    for (const late of [
      jobProgressed({ id: 'a', progress: 20, stage: 'downloading', at: 11 }),
      jobCancelled({ id: 'a', at: 12 }),
      cancelRequested({ id: 'a', at: 13 }),
      jobFailed({ id: 'a', error: { code: 'x', message: 'late' }, at: 14 }),
      jobCompleted({ id: 'a', fileName: 'other.zip', at: 15 }),
      jobAdded({ id: 'a', scope: null, status: 'pending', progress: 0, at: 16 }),
    ]) {
      expect(exportsReducer(completed, late)).toEqual(completed);
    }
    const failed = run(jobAdded({ id: 'a', scope: null }), jobFailed({ id: 'a', error: { code: 'boom', message: 'first' } }));
    const again = exportsReducer(failed, jobFailed({ id: 'a', error: { code: 'boom', message: 'second' } }));
    expect(again).toEqual(failed);
    expect(job(again)?.error?.message).toBe('first');
    const cancelled = run(jobAdded({ id: 'a', scope: null }), cancelRequested({ id: 'a' }), jobCancelled({ id: 'a' }));
    expect(exportsReducer(cancelled, jobFailed({ id: 'a', error: { code: 'cancelled', message: 'cancelled by user' } }))).toEqual(cancelled);
  });

  test('adding a known job again merges forward only', () => {
    const state = run(jobAdded({ id: 'a', scope: 'p', progress: 30, label: 'First' }), jobAdded({ id: 'a', scope: 'p', progress: 10, label: 'Second' }));
    expect(job(state)).toMatchObject({ progress: 30, label: 'First', status: 'pending' });
    expect(state.jobs.ids).toEqual(['a']);
  });

  test('a job added already completed is completed at 100 %', () => {
    expect(job(run(jobAdded({ id: 'a', scope: null, status: 'completed', fileName: 'a.zip' })))).toMatchObject({ status: 'completed', progress: 100, fileName: 'a.zip' });
  });

  test('cancelRequested turns automatic download off, so a cancel that loses the race forces no file on the user', () => {
    const state = run(jobAdded({ id: 'a', scope: null }), cancelRequested({ id: 'a' }), jobCompleted({ id: 'a' }));
    expect(job(state)).toMatchObject({ status: 'completed', autoDownload: false });
  });

  test('only jobDismissed removes a terminal job, and its record goes with it', () => {
    const state = run(
      jobAdded({ id: 'a', scope: null }),
      jobCompleted({ id: 'a' }),
      downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }),
      downloadSucceeded({ id: 'a', claimId: 'c1' }),
      jobDismissed({ id: 'a' }),
    );
    expect(state.jobs.ids).toEqual([]);
    expect(state.downloadedJobIds).toEqual({});
  });
});

describe('download records', () => {
  const completed = run(jobAdded({ id: 'a', scope: null }), jobCompleted({ id: 'a' }));

  test('an automatic claim is idempotent: the first claimId stays', () => {
    const state = run(jobAdded({ id: 'a', scope: null }), jobCompleted({ id: 'a' }), downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }), downloadClaimed({ id: 'a', claimId: 'c2', trigger: 'auto' }));
    expect(state.downloadedJobIds.a?.claimId).toBe('c1');
  });

  test('no claim for a job that is not completed or unknown', () => {
    const running = run(jobAdded({ id: 'a', scope: null }), downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }), downloadClaimed({ id: 'b', claimId: 'c2', trigger: 'manual' }));
    expect(running.downloadedJobIds).toEqual({});
  });

  test('a failed download never deletes its record; an automatic claim cannot come back after it', () => {
    let state = exportsReducer(completed, downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }));
    state = exportsReducer(state, downloadStarted({ id: 'a', claimId: 'c1' }));
    state = exportsReducer(state, downloadFailed({ id: 'a', claimId: 'c1', error: { code: 'unauthorized', message: '401' } }));
    expect(state.downloadedJobIds.a).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'unauthorized' } });
    expect(exportsReducer(state, downloadClaimed({ id: 'a', claimId: 'c2', trigger: 'auto' })).downloadedJobIds.a?.claimId).toBe('c1');
  });

  test('a manual claim is refused while a download runs and accepted after it settled', () => {
    let state = exportsReducer(completed, downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }));
    state = exportsReducer(state, downloadStarted({ id: 'a', claimId: 'c1' }));
    expect(exportsReducer(state, downloadClaimed({ id: 'a', claimId: 'm1', trigger: 'manual' })).downloadedJobIds.a?.claimId).toBe('c1');
    state = exportsReducer(state, downloadSucceeded({ id: 'a', claimId: 'c1' }));
    state = exportsReducer(state, downloadClaimed({ id: 'a', claimId: 'm1', trigger: 'manual' }));
    expect(state.downloadedJobIds.a).toMatchObject({ claimId: 'm1', trigger: 'manual', status: 'claimed', attempts: 0 });
  });

  test('steps of a stale claim are ignored', () => {
    let state = exportsReducer(completed, downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }));
    state = exportsReducer(state, downloadSucceeded({ id: 'a', claimId: 'other' }));
    expect(state.downloadedJobIds.a?.status).toBe('claimed');
  });

  test('a retry keeps the record downloading with the time of the next attempt', () => {
    let state = exportsReducer(completed, downloadClaimed({ id: 'a', claimId: 'c1', trigger: 'auto' }));
    state = exportsReducer(state, downloadStarted({ id: 'a', claimId: 'c1' }));
    state = exportsReducer(state, downloadFailed({ id: 'a', claimId: 'c1', error: { code: 'server_error', message: '503' }, retryAt: 5000 }));
    expect(state.downloadedJobIds.a).toMatchObject({ status: 'downloading', retryAt: 5000, attempts: 1 });
  });

  test('a resume claim takes over an interrupted record only, within the attempt budget', () => {
    const interrupted: ExportsState = {
      ...completed,
      downloadedJobIds: { a: { status: 'interrupted', claimId: 'old', trigger: 'auto', claimedAt: 1, attempts: 1 } },
    };
    const resumed = exportsReducer(interrupted, downloadClaimed({ id: 'a', claimId: 'new', trigger: 'auto', resume: true, maxAttempts: 3 }));
    expect(resumed.downloadedJobIds.a).toMatchObject({ status: 'claimed', claimId: 'new', attempts: 1 });
    const spent = exportsReducer(
      { ...interrupted, downloadedJobIds: { a: { ...interrupted.downloadedJobIds.a!, attempts: 3 } } },
      downloadClaimed({ id: 'a', claimId: 'new', trigger: 'auto', resume: true, maxAttempts: 3 }),
    );
    expect(spent.downloadedJobIds.a?.status).toBe('interrupted');
  });

  test('jobsPruned removes finished jobs with their records, never active jobs or running downloads', () => {
    let state = run(
      jobAdded({ id: 'done', scope: null }),
      jobCompleted({ id: 'done' }),
      jobAdded({ id: 'active', scope: null }),
      jobAdded({ id: 'busy', scope: null }),
      jobCompleted({ id: 'busy' }),
      downloadClaimed({ id: 'busy', claimId: 'c', trigger: 'auto' }),
    );
    state = exportsReducer(state, downloadClaimed({ id: 'done', claimId: 'd', trigger: 'auto' }));
    state = exportsReducer(state, downloadSucceeded({ id: 'done', claimId: 'd' }));
    state = exportsReducer(state, jobsPruned({ ids: ['done', 'active', 'busy', 'unknown'] }));
    expect([...state.jobs.ids].sort()).toEqual(['active', 'busy']);
    expect(Object.keys(state.downloadedJobIds)).toEqual(['busy']);
  });
});

test('a dismissal leaves a tombstone: the job is never added again; a click on a job this tab never had leaves none, news from another tab does', () => {
  const dismissed = run(jobAdded({ id: 'j1', scope: 'p' }), jobDismissed({ id: 'j1', at: 5 }), jobAdded({ id: 'j1', scope: 'p' }));
  expect(dismissed.jobs.ids).toEqual([]);
  expect(dismissed.dismissedJobIds).toEqual({ j1: 5 });
  // A quick click in a tab the job has not reached yet: no tombstone, so the job still arrives.
  const unknownHere = run(jobDismissed({ id: 'j2', at: 5 }), jobAdded({ id: 'j2', scope: 'p' }));
  expect(unknownHere.jobs.ids).toEqual(['j2']);
  // Another tab's dismissal that beats the job's own news: the job never shows up here.
  const fromTab = run(jobDismissed({ id: 'j3', at: 5 }, { fromTab: true }), jobAdded({ id: 'j3', scope: 'p' }, { fromTab: true }));
  expect(fromTab.jobs.ids).toEqual([]);
});

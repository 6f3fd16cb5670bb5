// Run inside the consumer project: the package's CJS copy (require) and its
// ESM copy (import) in one process, as an app with mixed dependencies loads
// them. They are distinct module instances, and they must cooperate:
// - an error made by one copy is recognized by the other (a brand under
//   Symbol.for, not the class object);
// - `startExport` from one copy is served by a store wired by the other;
// - a 401 from one copy's transport fails the other copy's download at once
//   (code 'unauthorized', one call), never retried as 'unknown'.
// Prints one JSON line; exits 1 on the first disagreement.
import { createRequire } from 'node:module';
import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';

const require = createRequire(import.meta.url);
const copies = {
  cjs: { core: require('redux-export-jobs'), testing: require('redux-export-jobs/testing') },
  esm: { core: await import('redux-export-jobs'), testing: await import('redux-export-jobs/testing') },
};
const checks = [];
const check = (name, ok, detail) => {
  checks.push({ name, ok: Boolean(ok), ...(ok ? {} : { detail }) });
};
const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

check('two distinct copies are loaded', copies.cjs.core.startExport !== copies.esm.core.startExport && copies.cjs.core.HttpStatusError !== copies.esm.core.HttpStatusError);

for (const [maker, reader] of [['cjs', 'esm'], ['esm', 'cjs']]) {
  const made = new copies[maker].core.HttpStatusError(401);
  const r = copies[reader].core;
  check(`the ${maker} copy's HttpStatusError passes the ${reader} copy's instanceof HttpStatusError and ExportError`, made instanceof r.HttpStatusError && made instanceof r.ExportError);
  check(`the ${maker} copy's HttpStatusError fails the ${reader} copy's instanceof NetworkError`, !(made instanceof r.NetworkError));
  const info = r.toErrorInfo(made);
  check(`the ${reader} copy's toErrorInfo reads the ${maker} copy's 401 as 'unauthorized'`, info.code === 'unauthorized', info);
  check(`the ${reader} copy's retry policy: the ${maker} copy's 401 is not retryable, its 503 is`, !r.isRetryableError(made) && r.isRetryableError(new copies[maker].core.HttpStatusError(503)));
}

async function storeWiredBy(copy, transport) {
  const listenerMiddleware = createListenerMiddleware();
  const store = configureStore({
    reducer: { exports: copy.core.exportsSlice.reducer },
    middleware: (getDefault) => getDefault().prepend(listenerMiddleware.middleware),
  });
  const handle = copy.core.registerExportsListeners(listenerMiddleware.startListening, { transport, retryBaseDelayMs: 1, random: () => 0 });
  return { store, handle };
}

for (const [engine, thunk] of [['esm', 'cjs'], ['cjs', 'esm']]) {
  const transport = copies[thunk].testing.createMemoryTransport();
  const { store, handle } = await storeWiredBy(copies[engine], transport);
  const result = await store.dispatch(copies[thunk].core.startExport({ scope: 'p' }));
  check(`startExport from the ${thunk} copy is served by a store wired by the ${engine} copy`, result.meta.requestStatus === 'fulfilled', result.payload);
  if (result.meta.requestStatus === 'fulfilled') {
    const { id } = result.payload;
    check(`the ${engine}-wired store holds the job the ${thunk} transport made`, JSON.stringify(store.getState().exports.jobs.ids) === JSON.stringify(transport.server.jobIds()));
    transport.server.complete(id);
    transport.server.failNext('download', 401, 5); // an HttpStatusError made by the transport's copy
    store.dispatch(copies[thunk].core.jobCompleted({ id }));
    await tick(50);
    const record = store.getState().exports.downloadedJobIds[id];
    check(
      `a 401 from the ${thunk} copy's transport: the ${engine} engine calls download once and records 'unauthorized'`,
      transport.calls.count('download', id) === 1 && record?.status === 'failed' && record.error?.code === 'unauthorized',
      { calls: transport.calls.count('download', id), record },
    );
  }
  await handle();
}

const failed = checks.filter((c) => !c.ok);
console.log(JSON.stringify({ passed: checks.length - failed.length, failed }));
process.exit(failed.length ? 1 : 0);

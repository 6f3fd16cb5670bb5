/**
 * What a reload does with a download it cut short (the record came back
 * `interrupted`: docs/design.md#delivery, docs/failure-modes.md row 5):
 * - the file never reached the user (`handover: 'preparing'`): the
 *   download is resumed, within the claim's attempt budget; this is not a
 *   second download;
 * - it was handed over with a link whose delivery the server keeps
 *   receipts for: the server is asked (delivered: `done`, no second file;
 *   never fetched or cut off: tried again within the budget; no answer:
 *   `interrupted`);
 * - otherwise (no receipts, or a record from before handovers were
 *   written): it stays `interrupted` ("Download again"), unless the app
 *   opted into `resumeInterrupted: 'auto'`.
 * Automatic downloads resume through the tabs' ledger (`downloadRunner.ts`),
 * so a download another tab still runs is not started twice; a manual one,
 * which the ledger does not know, resumes only where tabs are not
 * coordinated (then the page that finds it cut is the only one).
 */
import type { DownloadRecord } from '../model/types';
import { claimDownload } from './claimDownload';
import type { EngineContext } from './engineContext';
import type { ExportsStoreApi } from './storeApi';

export function resumeCutDownload(ctx: EngineContext, store: ExportsStoreApi, jobId: string, record: DownloadRecord): void {
  // A manual download is not in the tabs' ledger: with tabs, the page that finds it cut may be a new
  // tab while the tab that runs it is alive (found by the multi-tab harness). It is offered again instead.
  if (record.trigger === 'manual' && ctx.options.tabs) return;
  if (record.handover === 'preparing') {
    claimDownload(ctx, store, jobId, record.trigger, 'retry');
  } else if (record.handover === 'handedOver' && record.deliveryId !== undefined && ctx.options.transport.getDelivery) {
    claimDownload(ctx, store, jobId, record.trigger, 'ask');
  } else if (record.trigger === 'auto' && ctx.options.resumeInterrupted === 'auto') {
    claimDownload(ctx, store, jobId, 'auto', 'retry');
  }
}

/**
 * `redux-export-jobs/push`: push adapters, each one an
 * `ExportTransport['subscribe']` for the one watch engine
 * (docs/design.md#watch-engine). The engine polls `getStatus` whenever push
 * is not there: before it connects, after it gives up, while it is
 * disconnected. Each adapter tree-shakes on its own: an app that imports
 * `eventEmitterPush` ships neither the SSE reader nor its parser.
 *
 * @example
 * import { io } from 'socket.io-client';
 * import { eventEmitterPush } from 'redux-export-jobs/push';
 *
 * const subscribe = eventEmitterPush({
 *   socket: io('https://api.example.com'),
 *   events: { progress: 'export:progress', completed: 'export:completed', failed: 'export:failed', cancelled: 'export:cancelled' },
 * });
 * const transport = { ...myTransport, subscribe };
 */
export { eventEmitterPush } from '../features/exports/push/eventEmitterPush';
export type { EventEmitterPushOptions, EventEmitterSocket } from '../features/exports/push/eventEmitterPush';
export { webSocketPush } from '../features/exports/push/webSocketPush';
export type { WebSocketPushOptions, WebSocketLike } from '../features/exports/push/webSocketPush';
export { ssePush } from '../features/exports/push/ssePush';
export type { SsePushOptions } from '../features/exports/push/ssePush';
export { readPushedJob } from '../features/exports/push/readPushedJob';

/**
 * The client side of the foreign backend (issue 15): README's recipe (a)
 * (`src/byob/restBackend.ts`: the transport kit for its routes and words,
 * Bearer auth with one refresh on a 401) with its Socket.IO events through
 * `eventEmitterPush`. The browser tests run the real panel on it.
 */
import type { ExportTransport } from '../../../model/types';
import { projectExports } from '../../../../../src/byob/restBackend';
import type { Session } from '../../../../../src/byob/restBackend';
import { eventEmitterPush } from '../../../push/eventEmitterPush';
import type { EventEmitterSocket } from '../../../push/eventEmitterPush';

export type { Session };

export function createForeignTransport(socket: EventEmitterSocket, session: Session): ExportTransport {
  return projectExports('', session, {
    push: eventEmitterPush({
      socket,
      events: { progress: 'export:progress', completed: 'export:completed', failed: 'export:failed', cancelled: 'export:cancelled' },
    }),
  });
}

import { io } from 'socket.io-client';
import { createExportsStore } from '../../../../src/store';
import { createRestTransport } from '../../../../src/rest';
import { eventEmitterPush, webSocketPush } from '../../../../src/push';

// Socket.IO, or any emitter with on/off: the app's own socket, its event names.
const socketIoPush = eventEmitterPush({
  socket: io('https://api.example.com'),
  events: { progress: 'export:progress', completed: 'export:completed', failed: 'export:failed', cancelled: 'export:cancelled' },
});

// A WebSocket per watched job; `read` maps a message to a snapshot of that job.
export const wsPush = webSocketPush({
  url: (jobId) => `wss://api.example.com/exports/${jobId}/ws`,
  read: (message, jobId) => {
    const m = message as { id?: string; state?: string; percent?: number };
    if (m.id !== jobId) return undefined;
    return { id: jobId, scope: null, status: m.state === 'done' ? 'completed' : 'running', progress: m.percent ?? 0 };
  },
});

export const { store } = createExportsStore({
  transport: createRestTransport({
    baseUrl: 'https://api.example.com',
    start: { route: 'POST /projects/{scope}/exports', read: (body) => ({ id: String(body.id), status: 'pending' }) },
    status: 'GET /projects/{scope}/exports/{jobId}',
    readJob: (body) => ({ status: body.done ? 'completed' : 'running', progress: Number(body.percent) }),
    download: { route: 'GET /projects/{scope}/exports/{jobId}/file' },
    push: socketIoPush, // or wsPush; polling takes over whenever push is not there
  }),
});

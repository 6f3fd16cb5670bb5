/**
 * The test page of the foreign backend: signs in, connects Socket.IO, and
 * runs the real `ExportProgressPanel` on `createForeignTransport`. Built by
 * esbuild in the browser test (`buildForeignPage.ts`).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { io } from 'socket.io-client';
import '../../../react/exportPanel.css';
import { ExportProgressPanel } from '../../../react/ExportProgressPanel';
import { errorText } from '../../../react/texts';
import { useStartExport } from '../../../react/useStartExport';
import { createExportsStore } from '../../../../../store/createExportsStore';
import { createForeignTransport } from './foreignTransport';
import type { Session } from './foreignTransport';

const PROJECT = 'project-7';
const OPTIONS = { annotationFormats: ['coco', 'yolo'], metricsFormats: ['csv'], includeOriginalImages: false };

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function StartButton() {
  const { start, isStarting, error } = useStartExport();
  return (
    <p>
      <button type="button" disabled={isStarting} onClick={() => void start({ scope: PROJECT, params: OPTIONS, label: `Export of ${PROJECT}` })}>
        Export {PROJECT}
      </button>
      <span role="alert">{error ? errorText(error) : ''}</span>
    </p>
  );
}

async function main(): Promise<void> {
  const login = (await (await postJson('/api/auth/login', {})).json()) as { accessToken: string; refreshToken: string };
  let accessToken = login.accessToken;
  const session: Session = {
    token: () => accessToken,
    async refresh() {
      const answer = await postJson('/api/auth/refresh', { refreshToken: login.refreshToken });
      if (!answer.ok) return false;
      accessToken = ((await answer.json()) as { accessToken: string }).accessToken;
      return true;
    },
  };
  const socket = io({ transports: ['websocket'] });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const bundle = createExportsStore({ transport: createForeignTransport(socket, session), pollIntervalMs: 400 });
  Object.assign(window, { __foreign: { socket, store: bundle.store } });
  await bundle.ready;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Provider store={bundle.store}>
        <StartButton />
        <ExportProgressPanel scope={PROJECT} />
      </Provider>
    </StrictMode>,
  );
}

void main();

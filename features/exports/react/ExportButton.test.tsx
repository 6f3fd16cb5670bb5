import { act, fireEvent, screen } from '@testing-library/react';
import { ExportButton } from './ExportButton';
import { ExportProgressPanel } from './ExportProgressPanel';
import { disposeTestStores, renderWithProviders, until } from '../testSupport/renderWithProviders';

afterEach(async () => {
  await disposeTestStores();
});

describe('<ExportButton>', () => {
  it('starts one export per click with its scope, params and label; says "started", not "done"', async () => {
    const onStarted = jest.fn();
    const r = renderWithProviders(
      <>
        <ExportButton scope="p1" params={{ format: 'coco' }} label="Annotations (COCO)" fileName="coco.zip" onStarted={onStarted}>
          Export COCO
        </ExportButton>
        <ExportProgressPanel scope="p1" />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export COCO' }));
    await until(() => onStarted.mock.calls.length === 1);
    expect(onStarted.mock.calls[0][0].status).toBe('ok');
    expect(screen.getByRole('listitem', { name: 'Annotations (COCO)' })).toBeTruthy();
    expect(screen.getAllByRole('status')[0]!.textContent).toBe('Annotations (COCO) started');
    const [id] = r.transport.server.jobIds();
    expect(r.store.getState().exports.jobs.entities[id!]?.scope).toBe('p1');
    expect(r.transport.calls.count('start')).toBe(1);
  });

  it('is busy while the server answers and tells a refusal in words', async () => {
    const r = renderWithProviders(<ExportButton scope="p1" label="CSV" />);
    r.transport.server.failNext('start', 429);
    const button = screen.getByRole('button', { name: 'Export' });
    fireEvent.click(button);
    expect(button.textContent).toBe('Starting…');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await until(() => !(button as HTMLButtonElement).disabled);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Too many exports are running. Wait a moment, then try again.');
    expect(status.getAttribute('data-error-code')).toBe('rate_limited');
    expect(r.store.getState().exports.jobs.ids).toHaveLength(0);
    await act(async () => {});
  });
});

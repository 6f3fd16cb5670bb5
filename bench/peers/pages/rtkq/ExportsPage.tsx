/** The RTK Query peer's page: a start button and the exports this browser started. */
import type { ReactElement } from 'react';
import { useSelector } from 'react-redux';
import { SettingsPanel } from '../shell/SettingsPanel';
import { useStartExportMutation } from './exportsApi';
import { ExportRow } from './ExportRow';
import type { RootState } from './store';

export function ExportsPage(): ReactElement {
  const [startExport, { isLoading }] = useStartExportMutation();
  const jobIds = useSelector((state: RootState) => state.exports.jobIds);
  return (
    <main>
      <SettingsPanel />
      <button type="button" disabled={isLoading} onClick={() => void startExport()}>
        Start export
      </button>
      <ul>
        {jobIds.map((id) => (
          <ExportRow key={id} id={id} />
        ))}
      </ul>
    </main>
  );
}

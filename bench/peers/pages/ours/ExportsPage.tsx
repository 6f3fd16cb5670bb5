/** This library's page: `<ExportButton>` and `<ExportProgressPanel>` (README "React") over the exports store. */
import type { ReactElement } from 'react';
import { Provider } from 'react-redux';
import { ExportButton, ExportProgressPanel } from '../../../../src/react';
import { EXPORT_LABEL, EXPORT_REQUEST } from '../shell/job';
import { SettingsPanel } from '../shell/SettingsPanel';
import { exportsBundle } from './store';

export function ExportsPage(): ReactElement {
  return (
    <main>
      <SettingsPanel />
      <Provider store={exportsBundle.store}>
        <ExportButton scope={EXPORT_REQUEST.scope} label={EXPORT_LABEL} fileName={EXPORT_REQUEST.fileName} params={EXPORT_REQUEST.params}>
          Start export
        </ExportButton>
        <ExportProgressPanel scope={EXPORT_REQUEST.scope} />
      </Provider>
    </main>
  );
}

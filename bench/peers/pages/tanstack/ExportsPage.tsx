/** The TanStack Query peer's page: `useMutation` to start an export, and the exports this browser started. */
import type { ReactElement } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { SettingsPanel } from '../shell/SettingsPanel';
import { startExport } from './api';
import { addExportId, useExportIds } from './exportsStorage';
import { ExportRow } from './ExportRow';

export function ExportsPage(): ReactElement {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: startExport,
    onSuccess: (job) => {
      queryClient.setQueryData(['export', job.id], job); // the start answer seeds the status query (docs: "Updates from Mutation Responses")
      addExportId(job.id);
    },
  });
  const ids = useExportIds();
  return (
    <main>
      <SettingsPanel />
      <button type="button" disabled={start.isPending} onClick={() => start.mutate()}>
        Start export
      </button>
      <ul>
        {ids.map((id) => (
          <ExportRow key={id} id={id} />
        ))}
      </ul>
    </main>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { ExportProgressPanel, useExportJobs } from '../react';
import type { ExportTexts } from '../react';
import { ExportDialog } from './ExportDialog';
import { FaultSwitch } from './FaultSwitch';
import { PROJECTS } from './projects';
import type { Project } from './projects';

type Page = 'projects' | 'settings';

/** Stable (module-level) overrides, so the panel's rows stay memoized. */
const PANEL_TEXTS: Partial<ExportTexts> = { title: 'Recent exports', empty: 'Exports you start appear here.' };

const pageFromHash = (): Page => (window.location.hash === '#settings' ? 'settings' : 'projects');

function useAutoDownloadSetting(): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      return localStorage.getItem('demo:autoDownload') !== 'false';
    } catch {
      return true;
    }
  });
  const update = useCallback((next: boolean) => {
    setValue(next);
    try {
      localStorage.setItem('demo:autoDownload', String(next));
    } catch {
      /* private mode: the setting lives for this page only */
    }
  }, []);
  return [value, update];
}

function ProjectRow({ project, onExport }: { project: Project; onExport(project: Project): void }): ReactElement {
  const running = useExportJobs({ scope: project.id }).filter((job) => job.status === 'pending' || job.status === 'running').length;
  return (
    <tr>
      <th scope="row">{project.name}</th>
      <td>{project.images.toLocaleString('en')}</td>
      <td>{project.annotations.toLocaleString('en')}</td>
      <td>{project.updated}</td>
      <td>{running > 0 ? `${running} running` : ''}</td>
      <td>
        <button type="button" aria-label={`Export ${project.name}`} onClick={() => onExport(project)}>
          Export…
        </button>
      </td>
    </tr>
  );
}

function ProjectsPage({ autoDownload }: { autoDownload: boolean }): ReactElement {
  const [exporting, setExporting] = useState<Project | null>(null);
  const close = useCallback(() => setExporting(null), []);
  return (
    <div className="demo-projects">
      <section aria-labelledby="projects-title">
        <h2 id="projects-title">Projects</h2>
        <table className="demo-table">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Images</th>
              <th scope="col">Annotations</th>
              <th scope="col">Updated</th>
              <th scope="col">Exports</th>
              <th scope="col">
                <span className="demo-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {PROJECTS.map((project) => (
              <ProjectRow key={project.id} project={project} onExport={setExporting} />
            ))}
          </tbody>
        </table>
      </section>
      <ExportProgressPanel texts={PANEL_TEXTS} />
      {exporting ? <ExportDialog project={exporting} autoDownload={autoDownload} onClose={close} /> : null}
    </div>
  );
}

function SettingsPage({ autoDownload, setAutoDownload }: { autoDownload: boolean; setAutoDownload(v: boolean): void }): ReactElement {
  return (
    <section aria-labelledby="settings-title" className="demo-settings">
      <h2 id="settings-title">Settings</h2>
      <label className="demo-choice">
        <input type="checkbox" checked={autoDownload} onChange={(e) => setAutoDownload(e.target.checked)} />
        Download exports automatically when they are ready
      </label>
      <p className="demo-hint">
        Exports keep running while you are here: the store watches them, not the page. Go back to Projects to see them.
      </p>
    </section>
  );
}

export function App(): ReactElement {
  const [page, setPage] = useState<Page>(pageFromHash);
  const [autoDownload, setAutoDownload] = useAutoDownloadSetting();

  useEffect(() => {
    const onHash = (): void => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = (next: Page): void => {
    window.location.hash = next === 'settings' ? '#settings' : '#projects';
    setPage(next);
  };

  return (
    <div className="demo-app">
      <header className="demo-header">
        <h1>Project exports</h1>
        <nav aria-label="Main">
          <button type="button" aria-current={page === 'projects' ? 'page' : undefined} onClick={() => go('projects')}>
            Projects
          </button>
          <button type="button" aria-current={page === 'settings' ? 'page' : undefined} onClick={() => go('settings')}>
            Settings
          </button>
        </nav>
        <FaultSwitch />
      </header>
      <main>
        {page === 'projects' ? (
          <ProjectsPage autoDownload={autoDownload} />
        ) : (
          <SettingsPage autoDownload={autoDownload} setAutoDownload={setAutoDownload} />
        )}
      </main>
      <footer className="demo-footer">
        redux-export-jobs demo · state in Redux DevTools · persisted in localStorage · React StrictMode on
      </footer>
    </div>
  );
}

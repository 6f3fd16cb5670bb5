import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { FAULTS_OFF, FAULTS_ON, faultsActive, readFaults, writeFaults } from './serverFaults';

/** Turns the reference server's fault injection (503s, dropped connections and streams) on and off. */
export function FaultSwitch(): ReactElement {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  const [problem, setProblem] = useState('');

  // The server's real state: read on mount, whenever the page comes back into view, and every few
  // seconds (another tab, or curl, may have switched it), so the switch never shows a stale state.
  useEffect(() => {
    let live = true;
    const read = (): void => {
      if (document.hidden) return;
      readFaults().then(
        (config) => {
          if (!live) return;
          setOn(faultsActive(config));
          setProblem('');
        },
        () => live && setProblem('The server has no fault switch'),
      );
    };
    read();
    const timer = setInterval(read, 5_000);
    document.addEventListener('visibilitychange', read);
    window.addEventListener('focus', read);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', read);
      window.removeEventListener('focus', read);
    };
  }, []);

  const toggle = (): void => {
    const next = !on;
    setProblem('');
    writeFaults(next ? FAULTS_ON : FAULTS_OFF).then(
      (config) => setOn(faultsActive(config)),
      () => setProblem('Could not switch faults'),
    );
  };

  return (
    <div className="demo-faults" data-faults={on ? 'on' : 'off'}>
      <button type="button" role="switch" aria-checked={on === true} disabled={on === undefined && !problem} onClick={toggle}>
        <span className="demo-faults__track" aria-hidden="true" />
        Server faults
      </button>
      <span className="demo-faults__state" aria-live="polite">
        {problem || (on ? '503s and dropped connections on' : 'off')}
      </span>
    </div>
  );
}

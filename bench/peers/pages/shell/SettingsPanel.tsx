/** The host app's own UI: a theme switch reading and writing its persisted slice. */
import type { ReactElement } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { themeChosen } from './settingsSlice';
import type { SettingsState } from './settingsSlice';

export function SettingsPanel(): ReactElement {
  const theme = useSelector((state: { settings: SettingsState }) => state.settings.theme);
  const dispatch = useDispatch();
  return (
    <label>
      <input type="checkbox" checked={theme === 'dark'} onChange={(e) => dispatch(themeChosen(e.target.checked ? 'dark' : 'light'))} />
      Dark theme
    </label>
  );
}

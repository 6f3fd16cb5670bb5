/**
 * The host app's own state: what every page of the peer bench already has
 * before exports are added (a slice persisted with redux-persist). Small on
 * purpose: the bundle figure is what a page adds to this app.
 */
import { createSlice } from '@reduxjs/toolkit';
import type { PayloadAction } from '@reduxjs/toolkit';

export interface SettingsState {
  theme: 'light' | 'dark';
}

const initialState: SettingsState = { theme: 'light' };

export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {
    themeChosen(state, action: PayloadAction<SettingsState['theme']>) {
      state.theme = action.payload;
    },
  },
});

export const { themeChosen } = settingsSlice.actions;

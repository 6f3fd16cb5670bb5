/**
 * The RTK Query peer's own client state, persisted by redux-persist: the
 * exports this browser started (so a reload or another tab finds them) and
 * the "downloaded" flag of each. The API cache itself is not persisted.
 */
import { createSlice } from '@reduxjs/toolkit';
import type { PayloadAction } from '@reduxjs/toolkit';
import { exportsApi } from './exportsApi';

export interface ExportsState {
  jobIds: string[];
  downloaded: Record<string, true>;
}

const initialState: ExportsState = { jobIds: [], downloaded: {} };

export const exportsSlice = createSlice({
  name: 'exports',
  initialState,
  reducers: {
    markedDownloaded(state, action: PayloadAction<string>) {
      state.downloaded[action.payload] = true;
    },
  },
  extraReducers: (builder) => {
    builder.addMatcher(exportsApi.endpoints.startExport.matchFulfilled, (state, action) => {
      if (!state.jobIds.includes(action.payload.id)) state.jobIds.unshift(action.payload.id);
    });
  },
});

export const { markedDownloaded } = exportsSlice.actions;

import type { Dispatch, UnknownAction } from '@reduxjs/toolkit';
import type { ExportsRootState } from '../model/types';

/** The two store functions the engines need; a listener API or a store both are one. */
export interface ExportsStoreApi {
  dispatch: Dispatch<UnknownAction>;
  getState(): ExportsRootState;
}

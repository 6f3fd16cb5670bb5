/**
 * Pre-typed helpers for the store `createExportsStore` makes, made once
 * with `withTypes` (the Redux template's habit). React hooks live in
 * `store/hooks.ts`, so this file stays free of React.
 */
import { createAsyncThunk } from '@reduxjs/toolkit';
import type { TypedStartListening } from '@reduxjs/toolkit';
import type { ErrorInfo } from '../features/exports/model/types';
import type { ExportsAppDispatch, ExportsAppState } from './createExportsStore';

/** `createAsyncThunk` typed for the exports store: state, dispatch and `{ code, message }` rejections. */
export const createAppAsyncThunk = /* @__PURE__ */ createAsyncThunk.withTypes<{
  state: ExportsAppState;
  dispatch: ExportsAppDispatch;
  rejectValue: ErrorInfo;
}>();

/** The type of `startListening` for the exports store, for your own listeners. */
export type AppStartListening = TypedStartListening<ExportsAppState, ExportsAppDispatch>;

/**
 * The react-redux hooks the bindings use, typed for any store whose state
 * holds the exports slice at `exports`: the bindings work with the store of
 * `createExportsStore` and with a host app's own store alike.
 */
import { useDispatch, useSelector } from 'react-redux';
import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import type { ExportsRootState } from '../model/types';

export type ExportsHookDispatch = ThunkDispatch<ExportsRootState, unknown, UnknownAction>;

export const useExportsSelector = useSelector.withTypes<ExportsRootState>();
export const useExportsDispatch = useDispatch.withTypes<ExportsHookDispatch>();

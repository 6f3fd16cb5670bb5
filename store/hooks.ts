/**
 * Pre-typed react-redux hooks for the store of `createExportsStore`.
 *
 * @example
 * const running = useAppSelector((state) => selectActiveJobs(state).length)
 * const dispatch = useAppDispatch()
 */
import { useDispatch, useSelector } from 'react-redux';
import type { ExportsAppDispatch, ExportsAppState } from './createExportsStore';

export const useAppDispatch = useDispatch.withTypes<ExportsAppDispatch>();
export const useAppSelector = useSelector.withTypes<ExportsAppState>();

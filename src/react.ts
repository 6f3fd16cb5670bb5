/**
 * `redux-export-jobs/react`: hooks and components. Re-exports only; the
 * main entry (`redux-export-jobs`) never imports React.
 */
export * from '../features/exports/react/index';
export { useAppDispatch, useAppSelector } from '../store/hooks';

export { ExportError } from './ExportError';
export { HttpStatusError, codeForStatus } from './HttpStatusError';
export { NetworkError } from './NetworkError';
export { TimeoutError } from './TimeoutError';
export { AbortedError } from './AbortedError';
export { InvalidResponseError } from './InvalidResponseError';
export { toErrorInfo, isAbortLike } from './toErrorInfo';

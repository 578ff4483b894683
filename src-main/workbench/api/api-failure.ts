/** An API-level failure with a contract error code (no project open, service unavailable…). */
import type { ApiErrorCode } from '../../../src-shared/ipc-contract';

/** Thrown by handlers; `dispatch()` turns it into `{code, message}`. */
export class ApiFailure extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
  }
}

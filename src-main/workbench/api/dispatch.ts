/**
 * One call through the workstation API, for every transport (Electron IPC, HTTP): the channel and
 * payload are validated before any handler runs, and any failure becomes `{code, message}` (never
 * a stack trace).
 */
import { ZodError } from 'zod';
import { EngineError } from '../../engine/errors';
import { isChannel, requestSchemas, type ApiError, type ApiResult } from '../../../src-shared/ipc-contract';
import { ApiFailure } from './api-failure';
import type { Handlers } from './handlers';

/** Turns anything thrown into the API's error shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure || error instanceof EngineError) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return { code: 'invalid-input', message: `Invalid request: ${issues}` };
  }
  if (error instanceof RangeError) {
    return { code: 'invalid-input', message: error.message };
  }
  if (error instanceof Error) {
    const sqlite = (error as { code?: unknown }).code;
    return { code: typeof sqlite === 'string' && sqlite.startsWith('SQLITE_') ? 'database' : 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

/** Validates and runs one call: unknown channels and invalid payloads are rejected before any handler runs. */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isChannel(channel)) {
      throw new ApiFailure('invalid-input', `Unknown channel "${channel}".`);
    }
    const req = requestSchemas[channel].parse(payload ?? {});
    const handler = handlers[channel] as (r: unknown) => unknown;
    return { ok: true, value: await handler(req) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

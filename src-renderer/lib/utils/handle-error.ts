/** The renderer's one error funnel: cancellations are ignored, everything else becomes a message. */
import { ApiClientError } from '../api/client';

/** A user-facing message for an error, or null when it should be ignored (cancellation). */
export function errorMessage(error: unknown): string | null {
  if (error instanceof ApiClientError) {
    return error.code === 'cancelled' ? null : error.message;
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    return null;
  }
  return error instanceof Error ? error.message : String(error);
}

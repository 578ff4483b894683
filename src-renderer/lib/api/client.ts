/**
 * The renderer's API client: one interface over either transport (the preload bridge when the
 * page runs in Electron, HTTP + WebSocket otherwise). Failed calls throw {@link ApiClientError}.
 */
import type { ApiErrorCode, Channel, EcgBridge, EventMap, EventName, IpcContract, ResponseMap } from '../../../src-shared/ipc-contract';
import { createHttpTransport } from './http-transport';
import type { Transport } from './transport';

/** A failed API call, carrying the contract's error code. */
export class ApiClientError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiClientError';
    this.code = code;
  }
}

/** Typed calls and event subscriptions. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  /** Calls a channel; resolves with its response or throws ApiClientError. */
  async call<C extends Channel>(channel: C, req: IpcContract[C]['req']): Promise<ResponseMap[C]> {
    const result = await this.transport.invoke(channel, req);
    if (!result.ok) {
      throw new ApiClientError(result.error.code, result.error.message);
    }
    return result.value;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    return this.transport.on(event, listener);
  }
}

declare global {
  interface Window {
    ecg?: EcgBridge;
  }
}

/** Picks the transport for this page. */
export function createClient(): ApiClient {
  return new ApiClient(window.ecg ?? createHttpTransport());
}

/** The app-wide client. */
export const api = createClient();

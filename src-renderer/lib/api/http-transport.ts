/** Transport of the web host: POST /api/<channel> for calls, a WebSocket at /events for events. */
import type { ApiResult, EventMap, EventName } from '../../../src-shared/ipc-contract';
import type { Transport } from './transport';

type Listener = (payload: unknown) => void;

/** Creates the HTTP + WebSocket transport for the page's own origin. */
export function createHttpTransport(origin: string = window.location.origin): Transport {
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryMs = 500;

  function connect(): void {
    const url = new URL('/events', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
      listeners.get(event)?.forEach((listener) => listener(payload));
    };
    socket.onopen = () => {
      retryMs = 500;
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) {
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 10_000);
      }
    };
  }

  return {
    async invoke(channel, req) {
      let response: Response;
      try {
        response = await fetch(new URL(`/api/${channel}`, origin), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(req ?? {}),
        });
      } catch (error) {
        return { ok: false, error: { code: 'unavailable', message: `Cannot reach the server: ${String(error)}` } };
      }
      if (response.status === 401) {
        return {
          ok: false,
          error: { code: 'unauthorized', message: 'Not signed in: open the URL with ?token= that `ecgnq serve` printed.' },
        };
      }
      if (!response.ok) {
        return { ok: false, error: { code: 'internal', message: `HTTP ${response.status}: ${await response.text()}` } };
      }
      return (await response.json()) as ApiResult<never>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      if (!socket) {
        connect();
      }
      return () => {
        set.delete(listener as Listener);
        if (set.size === 0) {
          listeners.delete(event);
        }
      };
    },
  };
}

/**
 * Preload (sandboxed): exposes `window.ecg` — `invoke` for contract channels and `on` for contract
 * events — generated from the contract. Anything without the `ecg:` prefix or not in the contract
 * is rejected before it reaches the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, isChannel, isEventName, type Channel, type EventName } from '../src-shared/contract-names';
import type { ApiResult, EcgBridge, EventMap, IpcContract, ResponseMap } from '../src-shared/ipc-contract';

const api: EcgBridge = {
  invoke<C extends Channel>(channel: C, req: IpcContract[C]['req']): Promise<ApiResult<ResponseMap[C]>> {
    if (typeof channel !== 'string' || !channel.startsWith(CHANNEL_PREFIX) || !isChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: `Rejected channel "${String(channel)}".` } });
    }
    return ipcRenderer.invoke(channel, req) as Promise<ApiResult<ResponseMap[C]>>;
  },
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    if (typeof event !== 'string' || !event.startsWith(CHANNEL_PREFIX) || !isEventName(event)) {
      throw new Error(`Rejected event "${String(event)}".`);
    }
    const wrapped = (_event: IpcRendererEvent, payload: EventMap[E]): void => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('ecg', api);

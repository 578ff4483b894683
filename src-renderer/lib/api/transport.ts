/** A transport carries contract calls and events: the preload bridge or HTTP + WebSocket. */
import type { ApiResult, Channel, EventMap, EventName, IpcContract, ResponseMap } from '../../../src-shared/ipc-contract';

/** The two operations every transport provides (the shape of `window.ecg`). */
export interface Transport {
  invoke<C extends Channel>(channel: C, req: IpcContract[C]['req']): Promise<ApiResult<ResponseMap[C]>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

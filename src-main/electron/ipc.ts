/**
 * IPC registration: one `ipcMain.handle` per contract channel. Each call is checked for its
 * sender (a frame of a window we own, showing app:// content) and its payload (the contract's zod
 * schema, inside `dispatch`). Events go only to our own windows.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type EventMap, type EventName } from '../../src-shared/ipc-contract';
import { dispatch } from '../workbench/api/dispatch';
import type { Handlers } from '../workbench/api/handlers';
import { isAppUrl } from './security';

/** Windows whose renderers may call the API. */
const ownWindows = new Set<number>();

/** Marks a window as ours (its web contents may call the API). */
export function trustWindow(window: BrowserWindow): void {
  const id = window.webContents.id;
  ownWindows.add(id);
  window.on('closed', () => ownWindows.delete(id));
}

function senderAllowed(event: IpcMainInvokeEvent): boolean {
  const frameUrl = event.senderFrame?.url ?? '';
  return ownWindows.has(event.sender.id) && isAppUrl(frameUrl);
}

/** Registers a handler for every channel of the contract. */
export function registerIpc(handlers: Handlers): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!senderAllowed(event)) {
        return { ok: false, error: { code: 'unauthorized', message: 'IPC from an unknown frame was rejected.' } };
      }
      return dispatch(handlers, channel, payload);
    });
  }
}

/** Sends an event to every window we own. */
export function broadcast<E extends EventName>(event: E, payload: EventMap[E]): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (ownWindows.has(window.webContents.id) && !window.isDestroyed()) {
      window.webContents.send(event, payload);
    }
  }
}

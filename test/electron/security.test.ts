/**
 * The Electron layer's security settings, checked without the Electron binary: `electron` is
 * replaced by fakes that record what the main process registers, and the tests then play a
 * renderer (or an attacker) against those registrations.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL, CHANNELS } from '../../src-shared/ipc-contract';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp';
import type { Handlers } from '../../src-main/workbench/api/handlers';

const fake = vi.hoisted(() => ({
  ipcHandlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  session: {
    permissionRequest: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    beforeRequest: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
    headersReceived: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  },
}));

vi.mock('electron', () => ({
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: typeof fake.session.permissionRequest) => (fake.session.permissionRequest = h),
      setPermissionCheckHandler: (h: typeof fake.session.permissionCheck) => (fake.session.permissionCheck = h),
      webRequest: {
        onBeforeRequest: (h: typeof fake.session.beforeRequest) => (fake.session.beforeRequest = h),
        onHeadersReceived: (h: typeof fake.session.headersReceived) => (fake.session.headersReceived = h),
      },
    },
  },
  ipcMain: { handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => fake.ipcHandlers.set(channel, handler) },
  BrowserWindow: { getAllWindows: () => [] },
}));

const { APP_ORIGIN, hardenContents, hardenSession, isAppUrl, secureWebPreferences } = await import('../../src-main/electron/security');
const { registerIpc, trustWindow } = await import('../../src-main/electron/ipc');

describe('window web preferences', () => {
  it('isolate the renderer: sandbox, context isolation, no Node, no webviews, web security on', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('isAppUrl', () => {
  it('accepts only the app:// renderer origin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html#/segments`)).toBe(true);
    for (const url of ['https://example.org/', 'app://other/index.html', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('hardenContents', () => {
  function contents(): EventEmitter & { openHandler: (() => { action: string }) | null; setWindowOpenHandler: (h: () => { action: string }) => void } {
    const emitter = new EventEmitter() as EventEmitter & { openHandler: (() => { action: string }) | null; setWindowOpenHandler: (h: () => { action: string }) => void };
    emitter.openHandler = null;
    emitter.setWindowOpenHandler = (h) => (emitter.openHandler = h);
    return emitter;
  }
  const attempt = (c: EventEmitter, name: string, url?: string): boolean => {
    const event = { preventDefault: vi.fn() };
    c.emit(name, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('blocks navigation and redirects away from the app, webviews and new windows', () => {
    const c = contents();
    hardenContents(c as never);
    expect(attempt(c, 'will-navigate', 'https://example.org/phish')).toBe(true);
    expect(attempt(c, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(attempt(c, 'will-navigate', `${APP_ORIGIN}/index.html#/review`)).toBe(false);
    expect(attempt(c, 'will-attach-webview')).toBe(true);
    expect(c.openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  beforeEach(() => hardenSession());

  it('denies every permission request and check', () => {
    const answer = vi.fn();
    fake.session.permissionRequest?.(null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(fake.session.permissionCheck?.()).toBe(false);
  });

  it('lets only app content (and devtools, blob:, data:) load', () => {
    const cancelled = (url: string): boolean => {
      let result = true;
      fake.session.beforeRequest?.({ url }, (r) => (result = r.cancel));
      return result;
    };
    expect(cancelled(`${APP_ORIGIN}/assets/index.js`)).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    for (const url of ['https://cdn.example.org/x.js', 'http://127.0.0.1:8080/api', 'file:///home/user/.ssh/id_rsa', 'ws://127.0.0.1:1/']) {
      expect(cancelled(url), url).toBe(true);
    }
  });

  it('puts the strict CSP on every response', () => {
    let headers: Record<string, string[]> = {};
    fake.session.headersReceived?.({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(headers['content-type']).toEqual(['text/html']);
  });
});

describe('IPC', () => {
  const appInfo = vi.fn(() => ({ version: 'test' }));
  registerIpc({ [CHANNEL.appInfo]: appInfo } as unknown as Handlers);
  const window = Object.assign(new EventEmitter(), { webContents: { id: 7 } });
  trustWindow(window as never);
  const call = (senderId: number, frameUrl: string, channel: string, payload: unknown) =>
    fake.ipcHandlers.get(channel)!({ sender: { id: senderId }, senderFrame: { url: frameUrl } }, payload) as Promise<{ ok: boolean; error?: { code: string } }>;

  it('registers one handler per contract channel', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers our window showing app content, and validates the payload', async () => {
    expect(await call(7, `${APP_ORIGIN}/index.html`, CHANNEL.appInfo, {})).toEqual({ ok: true, value: { version: 'test' } });
    const bad = await call(7, `${APP_ORIGIN}/index.html`, CHANNEL.segmentDetail, { segmentId: 'DROP TABLE' });
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('invalid-input');
  });

  it('rejects other windows, other frames and closed windows', async () => {
    expect((await call(8, `${APP_ORIGIN}/index.html`, CHANNEL.appInfo, {})).error?.code).toBe('unauthorized');
    expect((await call(7, 'https://example.org/', CHANNEL.appInfo, {})).error?.code).toBe('unauthorized');
    window.emit('closed');
    expect((await call(7, `${APP_ORIGIN}/index.html`, CHANNEL.appInfo, {})).error?.code).toBe('unauthorized');
    expect(appInfo).toHaveBeenCalledTimes(1);
  });
});

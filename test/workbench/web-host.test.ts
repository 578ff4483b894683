/**
 * The web host: token → HttpOnly SameSite=Strict cookie, 401 without it (HTTP and WebSocket),
 * request validation by the contract's schemas, static files confined to the renderer folder with
 * the CSP header, events over WebSocket. Runs the real back end over a synthetic 20-record project
 * (12 leads × 10 s at 100 Hz, samples from the PTB-XL subset archive).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isLoopback, startWebHost, type WebHost } from '../../src-main/web/http-host';
import { Workbench } from '../../src-main/workbench/workbench';
import { buildSyntheticProject } from '../e2e/synthetic-project';

let host: WebHost;
let workbench: Workbench;
let dir: string;
let cookie: string;

async function post(channel: string, body: unknown, withCookie = true): Promise<Response> {
  return fetch(`${host.url}api/${channel}`, {
    method: 'POST',
    headers: withCookie ? { cookie } : {},
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecgnq-web-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  buildSyntheticProject(join(dir, 'p.sqlite'), 20);
  let emit: WebHost['emit'] = () => undefined;
  workbench = new Workbench({ host: 'web', canOpenProjects: false, emit: (event, payload) => emit(event, payload) });
  workbench.open(join(dir, 'p.sqlite'));
  host = await startWebHost({ handlers: workbench.handlers, rendererDir: join(dir, 'renderer'), port: 0 });
  emit = host.emit;
});

afterAll(async () => {
  await host.close();
  workbench.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web host', () => {
  it('binds to loopback and knows which hosts are loopback', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.5')).toBe(false);
  });

  it('answers 401 without the token, for pages and API alike', async () => {
    expect((await fetch(host.url)).status).toBe(401);
    expect((await post('ecg:app.info', {}, false)).status).toBe(401);
    expect((await fetch(`${host.url}?token=${'0'.repeat(64)}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const response = await fetch(host.loginUrl, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    cookie = setCookie.split(';')[0];
    const page = await fetch(host.url, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('runs handlers and validates every request', async () => {
    const info = (await (await post('ecg:app.info', {})).json()) as { ok: boolean; value: { host: string } };
    expect(info).toMatchObject({ ok: true, value: { host: 'web' } });
    const bad = (await (await post('ecg:segments.query', { filter: { psnrMin: 'high' } })).json()) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = (await (await post('ecg:nope', {})).json()) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const noPrefix = (await (await post('app.info', {})).json()) as { ok: boolean };
    expect(noPrefix.ok).toBe(false);
    const missing = (await (await post('ecg:segment.detail', { segmentId: 999_999 })).json()) as { ok: boolean; error: { code: string } };
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect((await fetch(`${host.url}api/ecg:app.info`, { headers: { cookie } })).status).toBe(405);
    const malformed = await fetch(`${host.url}api/ecg:app.info`, { method: 'POST', headers: { cookie }, body: '{' });
    expect(malformed.status).toBe(400);
  });

  it('queries, relabels and undoes through the same handlers', async () => {
    const query = (await (await post('ecg:segments.query', { filter: { leads: ['II'] }, sort: { key: 'psnr', dir: 'asc' } })).json()) as {
      value: { total: number; ids: number[] };
    };
    expect(query.value.total).toBe(20);
    const id = query.value.ids[0];
    const set = (await (await post('ecg:label.set', { segmentId: id, value: 'burst_noise', annotator: 'ana' })).json()) as { ok: boolean };
    expect(set.ok).toBe(true);
    const rows = (await (await post('ecg:segments.rows', { ids: [id] })).json()) as { value: { annotatorLabel: string | null }[] };
    expect(rows.value[0].annotatorLabel).toBe('burst_noise');
    await post('ecg:label.undo', { segmentId: id, annotator: 'ana' });
    const after = (await (await post('ecg:segments.rows', { ids: [id] })).json()) as { value: { annotatorLabel: string | null }[] };
    expect(after.value[0].annotatorLabel).toBeNull();
    const badName = (await (await post('ecg:label.set', { segmentId: id, value: 'clean', annotator: '<script>' })).json()) as { ok: boolean };
    expect(badName.ok).toBe(false);
  });

  it('opens the detail of a segment with every lead of its window', async () => {
    const detail = (await (await post('ecg:segment.detail', { segmentId: 1 })).json()) as {
      value: { trace: number[]; previews: number[][]; siblingIds: (number | null)[]; fsHz: number };
    };
    expect(detail.value.fsHz).toBe(100);
    expect(detail.value.trace).toHaveLength(1000);
    expect(detail.value.previews).toHaveLength(12);
    expect(detail.value.previews[3]).toHaveLength(600);
    expect(detail.value.siblingIds).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('serves only files inside the renderer folder', async () => {
    const escaped = await fetch(`${host.url}..%2fsecret.txt`, { headers: { cookie } });
    expect([403, 404]).toContain(escaped.status);
    expect(await escaped.text()).not.toContain('secret');
  });

  it('refuses WebSockets without the cookie and pushes events with it', async () => {
    const wsUrl = host.url.replace('http', 'ws') + 'events';
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.on('open', () => resolve(false));
      ws.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    const ws = new WebSocket(wsUrl, { headers: { cookie } });
    await new Promise((resolve) => ws.on('open', resolve));
    const message = new Promise<string>((resolve) => ws.on('message', (data) => resolve(String(data))));
    await post('ecg:label.set', { segmentId: 2, value: 'clean', annotator: 'ana' });
    expect(JSON.parse(await message)).toEqual({ event: 'ecg:labels.changed', payload: { segmentIds: [2] } });
    ws.close();
  });
});

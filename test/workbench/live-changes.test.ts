/**
 * A served project changed by another process (a CLI import) is seen by the workstation without a
 * restart: renderers get `ecg:project.changed` and the next summary has the new dataset, both
 * within a second of the CLI exiting. (The browser side is in test/e2e/workstation.test.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServe, type ServeHandle } from '../../src-main/web/serve';
import type { ProjectSummary } from '../../src-shared/types';
import { tempDir } from '../engine/db/helpers';
import { buildSyntheticProject } from '../e2e/synthetic-project';

const ROOT = resolve(import.meta.dirname, '../..');
const SUBSET = resolve(ROOT, '../shared/data/ptbxl/ptbxl_subset_100hz.npz');

const t = tempDir('ecgnq-live-');
const dbPath = join(t.dir, 'project.sqlite');
let served: ServeHandle;
let cookie = '';

async function summary(): Promise<ProjectSummary> {
  const response = await fetch(`${served.host.url}api/ecg:project.summary`, { method: 'POST', headers: { cookie }, body: '{}' });
  return ((await response.json()) as { value: ProjectSummary }).value;
}

beforeAll(async () => {
  buildSyntheticProject(dbPath, 10);
  const renderer = join(t.dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  served = await startServe({ dbPath, port: 0, rendererDir: renderer });
  cookie = ((await fetch(served.host.loginUrl, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0];
});

afterAll(async () => {
  await served?.close();
  t.cleanup();
});

describe('changes by another process', () => {
  it('reach a served workstation within a second of a CLI import, without a restart', async () => {
    expect((await summary()).segmentCount).toBe(120);
    const ws = new WebSocket(`${served.host.url.replace('http', 'ws')}events`, { headers: { cookie } });
    await new Promise((opened) => ws.on('open', opened));
    let eventAt: number | null = null;
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { event: string }).event === 'ecg:project.changed') {
        eventAt ??= Date.now();
      }
    });
    const child = spawn(process.execPath, [join(ROOT, 'bin/ecgnq.js'), 'import', 'npz-subset', SUBSET, '--db', dbPath, '--name', 'cli', '--limit', '2'], {
      cwd: ROOT,
      env: { ...process.env, ECGNQ_NO_PROGRESS: '1' },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((exited) => child.on('exit', exited));
    const exitedAt = Date.now();
    expect(code).toBe(0);
    let seen: ProjectSummary | null = null;
    while (Date.now() - exitedAt < 5000) {
      const s = await summary();
      if (s.datasets.some((d) => d.name === 'cli')) {
        seen = s;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const summaryAfterMs = Date.now() - exitedAt;
    while (eventAt === null && Date.now() - exitedAt < 5000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    ws.close();
    const eventAfterMs = (eventAt ?? Infinity) - exitedAt;
    console.log(`CLI import: summary shows it ${summaryAfterMs} ms, ecg:project.changed ${eventAfterMs} ms after the CLI exited`);
    expect(seen?.segmentCount).toBe(144);
    expect(summaryAfterMs).toBeLessThan(1000);
    expect(eventAfterMs).toBeLessThan(1000);
  }, 60_000);
});

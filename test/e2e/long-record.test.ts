/**
 * End-to-end: a day-long recording in the workstation. A 24-h 1-kHz single-lead WFDB record (86.4 M
 * samples, MIT-BIH 100 resampled and tiled by scripts/make-long-record.ts) imported with the CLI; its
 * 8,640 windows get stand-in scores written straight to the project (a fixed PSNR pattern under a
 * model id of zeros: scoring the whole day here would take minutes, and the scorer is tested
 * elsewhere; the strip only draws what is stored). Then, in headless Chromium against `ecgnq serve`:
 * the record overview opens in under a second (the view's own measurement, navigation to the first
 * frame with the chart), the strip shows every window's stored PSNR, the wheel zooms to a finer span
 * read from the samples, and a strip cell opens its segment with the trace of just that window.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLongRecord } from '../../scripts/make-long-record';
import { closeWorkstation, ensureAppBuilt, openWorkstation, ROOT, type Served, type Workstation } from './harness';

const UI_POLL = { timeout: 15_000 };
/** The bound on opening the overview of a 24-h record. */
const OPEN_BOUND_MS = 1000;

let dir: string;
let dbPath: string;
let served: Served;
let workstation: Workstation | undefined;
let page: Page;
let recordId: number;

/** Stand-in PSNR of window i: a slow ramp with a dip every 100 windows (visible in the strip). */
function pattern(i: number): number {
  return i % 100 === 0 ? 12 : 20 + (i % 37) / 2;
}

beforeAll(async () => {
  ensureAppBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ecgnq-e2e-long-'));
  dbPath = join(dir, 'project.sqlite');
  const made = writeLongRecord({ dir: join(dir, 'rec'), hours: 24, fsHz: 1000, name: 'day' });
  execFileSync(process.execPath, [join(ROOT, 'bin/ecgnq.js'), 'import', 'files', made.header, '--db', dbPath, '--name', 'holter'], {
    cwd: ROOT,
    env: { ...process.env, ECGNQ_NO_PROGRESS: '1' },
  });
  const db = new Database(dbPath);
  recordId = (db.prepare('SELECT id FROM records').get() as { id: number }).id;
  const segments = db.prepare('SELECT id, segment_index FROM segments WHERE record_id = ? ORDER BY segment_index').all(recordId) as { id: number; segment_index: number }[];
  const insert = db.prepare(
    `INSERT INTO scores (segment_id, model_name, model_sha256, t, step_interval, scheduler, seed, provider, psnr, ssim, mse, mae, local_psnr_json, created_at)
     VALUES (?, 'stand-in', ?, 30, 10, 'ddim', 0, 'cpu', ?, 0.5, 1, 1, '[]', '2026-12-02T00:00:00Z')`,
  );
  db.transaction(() => segments.forEach((s) => insert.run(s.id, '0'.repeat(64), pattern(s.segment_index))))();
  db.close();
  workstation = await openWorkstation(dbPath);
  ({ served, page } = workstation);
  await page.goto(served.loginUrl);
  await page.getByTestId('nav-segments').click();
  await page.getByTestId('segment-row').first().waitFor();
}, 900_000);

afterAll(() => closeWorkstation(workstation, dir));

describe('a 24-h record in the workstation', () => {
  it('opens the overview in under a second, with every window in the strip', async () => {
    await page.evaluate(`window.location.hash = '#/record/${recordId}'`);
    const opened = page.getByTestId('overview-open-ms');
    await opened.waitFor(UI_POLL);
    const ms = Number((await opened.innerText()).replace(/[^\d]/g, ''));
    console.log(`record overview of a 24-h 1-kHz record opened in ${ms} ms`);
    expect(ms).toBeLessThan(OPEN_BOUND_MS);
    await page.locator('[data-testid="record-overview"] canvas').first().waitFor();
    expect(await page.getByTestId('overview-span').innerText()).toContain('0:00–24:00:00 (stored)');
    // The strip holds one cell per pixel column; the API's own answer says how many windows each groups.
    const strip = await page.evaluate(async (id) => {
      const response = await fetch('/api/ecg:record.overview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ recordId: id, pixels: 1200 }) });
      const body = (await response.json()) as { value: { strips: { psnr: number | null; windows: number }[][] } };
      return body.value.strips[0];
    }, recordId);
    expect(strip.reduce((n, c) => n + c.windows, 0)).toBe(8640);
    // Every column shows its worst window: each group of 7–8 windows holding a multiple of 100 shows the dip.
    expect(strip.filter((c) => c.psnr === 12).length).toBe(87);
  });

  it('zooms with the wheel to a span drawn from the samples, and a strip cell opens its segment', async () => {
    const chart = page.locator('[data-testid="record-overview"] canvas').first();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + 40);
    // Coarse spans come from the stored 1-s envelopes, spans under ~20 min (1 s per pixel) from the samples.
    const span = page.getByTestId('overview-span');
    for (let batch = 0; batch < 12 && !(await span.innerText()).includes('(samples)'); batch++) {
      for (let i = 0; i < 10; i++) {
        await page.mouse.wheel(0, -400);
      }
      await page.waitForTimeout(600); // the view refetches 250 ms after the wheel stops
    }
    await expect.poll(() => span.innerText(), UI_POLL).toContain('(samples)');
    // Click the strip lane (y from 0 down to −0.3 below the lead's band, which spans 0–1) mid-span; the
    // grid has 10 px above and 24 px below it, 56 px left and 12 px right (record-overview-options.ts).
    const y = (v: number): number => box.y + 10 + ((1 - v) / 1.3) * (box.height - 34);
    await page.mouse.click(box.x + 56 + (box.width - 68) * 0.5, y(-0.15));
    await page.getByTestId('segment-detail').waitFor(UI_POLL);
    await page.locator('[data-testid="ecg-trace"] canvas').first().waitFor();
    const shown = await page.getByTestId('segment-detail').getAttribute('data-segment-id');
    const db = new Database(dbPath, { readonly: true });
    const segment = db.prepare('SELECT record_id, start_sample FROM segments WHERE id = ?').get(Number(shown)) as { record_id: number; start_sample: number };
    db.close();
    expect(segment.record_id).toBe(recordId);
    // The wheel zoomed around the middle of the day.
    expect(Math.abs(segment.start_sample / 1000 - 43200)).toBeLessThan(6 * 3600);
    expect(workstation?.pageErrors).toEqual([]);
  });
});

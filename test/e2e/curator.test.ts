/**
 * End-to-end, the curator's day (issue 12) in headless Chromium against `ecgnq serve`: one
 * threshold everywhere (set on the Labels view, stored in the project, used by row flags, filters
 * and review, kept across a reload); review of any filter of the table (uncapped, "reviewed k of
 * N", undo after auto-advance with u and Ctrl+Z, resumed after a reload); the same keys with
 * previous/next in the detail view; exports limited to the filter that say what they hold. The
 * project is synthetic (100 12-lead records, deterministic labels and scores, see
 * synthetic-project.ts) with the scores of the first 5 records deleted, so some segments are
 * unscored; a bulk relabel of a table selection closes the day. Expected values are read from the database with better-sqlite3, not the server's code.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkstation, ensureAppBuilt, openWorkstation, type Served, type Workstation } from './harness';
import { buildSyntheticProject } from './synthetic-project';

const UI_POLL = { timeout: 15_000 };
const RECORDS = 100;
const UNSCORED_RECORDS = 5;
const ANNOTATOR = 'cur tester';
const SOURCE = 'annotator:cur_tester';

let dir: string;
let dbPath: string;
let served: Served;
let workstation: Workstation | undefined;
let page: Page;

/** Each segment's dataset label (synthetic segments have one), PSNR (null: unscored) and record name. */
function facts(): { id: number; label: string; psnr: number | null; record: string }[] {
  const db = new Database(dbPath, { readonly: true });
  const rows = db
    .prepare(
      `SELECT g.id, (SELECT value FROM label_events e WHERE e.segment_id = g.id AND e.source = 'dataset:synthetic' ORDER BY e.id DESC LIMIT 1) AS label,
         (SELECT psnr FROM scores s WHERE s.segment_id = g.id) AS psnr, r.natural_key AS record
       FROM segments g JOIN records r ON r.id = g.record_id ORDER BY g.id`,
    )
    .all() as { id: number; label: string; psnr: number | null; record: string }[];
  db.close();
  return rows;
}

/** The annotator's label events on a segment (notes left out), oldest first, as "+value" / "-value". */
function events(segmentId: number): string[] {
  const db = new Database(dbPath, { readonly: true });
  const rows = db.prepare("SELECT value, present FROM label_events WHERE segment_id = ? AND source = ? AND kind = 'noise' ORDER BY id").all(segmentId, SOURCE) as { value: string; present: number }[];
  db.close();
  return rows.map((r) => `${r.present ? '+' : '-'}${r.value}`);
}

function storedThreshold(): string | null {
  const db = new Database(dbPath, { readonly: true });
  const row = db.prepare("SELECT value FROM project_settings WHERE key = 'threshold_db'").get() as { value: string } | undefined;
  db.close();
  return row?.value ?? null;
}

async function total(): Promise<number> {
  return Number((await page.getByTestId('segments-total').innerText()).replace(/[^\d]/g, ''));
}

async function activeReviewId(): Promise<number> {
  return Number(await page.locator('[data-testid="review-item"].active').getAttribute('data-segment-id'));
}

async function setThreshold(db: number): Promise<void> {
  await page.getByTestId('nav-labels').click();
  await page.getByTestId('threshold-slider').fill(String(db));
  await expect.poll(() => page.getByTestId('threshold-value').innerText(), UI_POLL).toBe(db.toFixed(1));
  await expect.poll(storedThreshold, UI_POLL).toBe(String(db));
}

async function download(): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  return readFileSync(await file.path(), 'utf8');
}

beforeAll(async () => {
  ensureAppBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ecgnq-curator-'));
  dbPath = join(dir, 'project.sqlite');
  buildSyntheticProject(dbPath, RECORDS);
  const db = new Database(dbPath);
  db.prepare('DELETE FROM scores WHERE segment_id IN (SELECT g.id FROM segments g JOIN records r ON r.id = g.record_id WHERE r.id <= ?)').run(UNSCORED_RECORDS);
  db.close();
  workstation = await openWorkstation(dbPath, { viewport: { width: 1440, height: 900 } });
  ({ served, page } = workstation);
  await page.goto(served.loginUrl);
  await page.getByTestId('segment-row').first().waitFor({ timeout: 60_000 });
}, 600_000);

afterAll(() => closeWorkstation(workstation, dir));

describe("the curator's day", () => {
  it('has one threshold: set on Labels vs PSNR, used by row flags and filters, kept across a reload', async () => {
    await setThreshold(26);
    const want = facts().filter((f) => f.psnr !== null && (f.label === 'clean' ? f.psnr <= 26 : f.psnr > 26)).length;
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('filter-disagreement').check();
    await expect.poll(() => page.getByTestId('filter-threshold').innerText(), UI_POLL).toBe('26');
    await expect.poll(total, UI_POLL).toBe(want);
    await expect.poll(async () => (await page.getByTestId('segment-row').first().innerText()).includes('disagrees@26dB'), UI_POLL).toBe(true);
    expect((await page.getByTestId('segment-row').allInnerTexts()).some((t) => t.includes('@24dB'))).toBe(false);
    await page.reload();
    await page.getByTestId('nav-labels').click();
    await expect.poll(() => page.getByTestId('threshold-value').innerText(), UI_POLL).toBe('26.0');
    // The table's histogram fits the data: bins from the smallest to the largest PSNR, not 0–50 dB.
    const histogram = await page.evaluate(async () => {
      const response = await fetch('/api/ecg:segments.query', { method: 'POST', body: '{}' });
      return ((await response.json()) as { value: { histogram: { edges: number[]; counts: number[] } } }).value.histogram;
    });
    const psnrs = facts().flatMap((f) => (f.psnr === null ? [] : [f.psnr]));
    expect(histogram.edges[0]).toBeLessThanOrEqual(Math.min(...psnrs));
    expect(histogram.edges[0]).toBeGreaterThan(Math.min(...psnrs) - 1);
    expect(histogram.edges.at(-1)).toBeGreaterThan(Math.max(...psnrs));
    expect(histogram.edges.at(-1)).toBeLessThan(Math.max(...psnrs) + 1);
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(psnrs.length);
  });

  it("reviews every segment of the table's filter, undoes after auto-advance (u, Ctrl+Z) and resumes after a reload", async () => {
    await page.getByTestId('nav-segments').click();
    // The reload kept the table's filter (disagreement at 26 dB): start from none.
    await expect.poll(() => page.getByTestId('filter-disagreement').isChecked(), UI_POLL).toBe(true);
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-label-clean').check();
    await page.getByTestId('filter-psnr-max').fill('26');
    await page.getByTestId('filter-psnr-max').press('Tab');
    const n = facts().filter((f) => f.label === 'clean' && f.psnr !== null && f.psnr <= 26).length;
    await expect.poll(total, UI_POLL).toBe(n);
    await page.getByTestId('nav-review').click();
    await page.getByTestId('annotator-input').fill(ANNOTATOR);
    await page.getByTestId('annotator-save').click();
    await page.getByTestId('review-mode-filter').check();
    await expect.poll(() => page.getByTestId('review-heading').innerText(), UI_POLL).toBe(`${n} segments`);
    await expect.poll(() => page.getByTestId('review-progress').innerText(), UI_POLL).toBe(`reviewed 0 of ${n}`);
    await page.getByTestId('segment-detail').waitFor();
    const a = await activeReviewId();

    await page.locator('body').press('2'); // static noise, then the queue advances
    await expect.poll(() => page.getByTestId('review-progress').innerText(), UI_POLL).toBe(`reviewed 1 of ${n}`);
    await expect.poll(activeReviewId, UI_POLL).not.toBe(a);
    expect(events(a)).toEqual(['+static_noise']);
    await page.locator('body').press('u'); // undoes the change on a, although b is shown
    await expect.poll(activeReviewId, UI_POLL).toBe(a);
    await expect.poll(() => events(a), UI_POLL).toEqual(['+static_noise', '-static_noise']);
    await expect.poll(() => page.getByTestId('review-progress').innerText(), UI_POLL).toBe(`reviewed 0 of ${n}`);

    await page.locator('body').press('3');
    await expect.poll(activeReviewId, UI_POLL).not.toBe(a);
    await page.locator('body').press('Control+z');
    await expect.poll(activeReviewId, UI_POLL).toBe(a);
    await expect.poll(() => events(a), UI_POLL).toEqual(['+static_noise', '-static_noise', '+burst_noise', '-burst_noise']);

    await page.locator('body').press('1'); // clean: reviewed, advances to the second item
    await expect.poll(() => page.getByTestId('review-progress').innerText(), UI_POLL).toBe(`reviewed 1 of ${n}`);
    await page.locator('body').press('j');
    const c = await activeReviewId();
    // After a reload the table keeps its filter, so the queue is the same, and the review resumes at c.
    await page.reload();
    await page.getByTestId('nav-segments').click();
    await expect.poll(total, UI_POLL).toBe(n);
    await page.getByTestId('nav-review').click();
    await expect.poll(() => page.getByTestId('review-heading').innerText(), UI_POLL).toBe(`${n} segments`);
    await expect.poll(activeReviewId, UI_POLL).toBe(c);
    await expect.poll(() => page.getByTestId('review-progress').innerText(), UI_POLL).toBe(`reviewed 1 of ${n}`);
  });

  it('queues every disagreement at the threshold, beyond the old 500 cap, and says how many', async () => {
    await setThreshold(31);
    const k = facts().filter((f) => f.psnr !== null && (f.label === 'clean' ? f.psnr <= 31 : f.psnr > 31)).length;
    expect(k).toBeGreaterThan(500);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-mode-disagreements').check();
    await expect.poll(() => page.getByTestId('review-heading').innerText(), UI_POLL).toBe(`${k} disagreements at 31 dB`);
  });

  it('steps through the table with j/k and curates with the same keys in the detail view', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('filter-label-static_noise').check();
    const rows = page.getByTestId('segment-row');
    await expect.poll(async () => (await rows.first().innerText()).includes('static noise'), UI_POLL).toBe(true);
    const first = Number(await rows.nth(0).getAttribute('data-segment-id'));
    const second = Number(await rows.nth(1).getAttribute('data-segment-id'));
    await rows.first().click();
    await page.locator(`[data-testid="segment-detail"][data-segment-id="${first}"]`).waitFor();
    await expect.poll(() => page.getByTestId('detail-position').innerText(), UI_POLL).toMatch(/^1 of \d+ in the table's filter$/);
    await page.locator('body').press('j');
    await page.locator(`[data-testid="segment-detail"][data-segment-id="${second}"]`).waitFor();
    await page.locator('body').press('k');
    await page.locator(`[data-testid="segment-detail"][data-segment-id="${first}"]`).waitFor();
    await page.locator('body').press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await page.locator('body').press('?');
    await page.locator('body').press('5');
    await expect.poll(() => page.getByTestId('detail-status').innerText(), UI_POLL).toContain('electrodes problems');
    expect(events(first)).toEqual(['+electrodes_problems']);
    await page.locator('body').press('n');
    await page.getByTestId('review-note').fill('lead off at 4 s');
    await page.getByTestId('review-note').press('Enter');
    await expect.poll(() => page.getByTestId('detail-status').innerText(), UI_POLL).toContain('note added');
    await page.getByTestId('detail-next').click();
    await page.locator(`[data-testid="segment-detail"][data-segment-id="${second}"]`).waitFor();
    await page.locator('body').press('u'); // the last relabel was on the first segment: back there, undone
    await page.locator(`[data-testid="segment-detail"][data-segment-id="${first}"]`).waitFor();
    await expect.poll(() => events(first), UI_POLL).toEqual(['+electrodes_problems', '-electrodes_problems']);
  });

  it('exports only the filtered segments with their resolved labels and notes, and says what each export left out', async () => {
    const staticNoise = facts().filter((f) => f.label === 'static_noise');
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-kind-labels').check();
    await page.getByTestId('export-filtered').check();
    await expect.poll(() => page.getByTestId('export-row-count').innerText(), UI_POLL).toBe(String(staticNoise.length));
    await expect.poll(() => page.getByTestId('export-summary').innerText(), UI_POLL).toMatch(/latest annotator's label wins/);
    const labels = parse(await download(), { columns: true }) as Record<string, string>[];
    expect(labels.map((r) => Number(r.segment_id))).toEqual(staticNoise.map((f) => f.id));
    expect(new Set(labels.map((r) => r.label))).toEqual(new Set(['static_noise']));
    expect(labels.find((r) => r.notes !== '')?.notes).toBe('cur_tester: lead off at 4 s');

    await page.getByTestId('export-filtered').uncheck();
    await page.getByTestId('export-kind-scores').check();
    await expect.poll(() => page.getByTestId('export-summary').innerText(), UI_POLL).toMatch(new RegExp(`left out ${UNSCORED_RECORDS} records without any score`));
    expect(await page.getByTestId('export-row-count').innerText()).toBe(String(RECORDS - UNSCORED_RECORDS));
    await page.getByTestId('export-unscored-mark').check();
    await expect.poll(() => page.getByTestId('export-row-count').innerText(), UI_POLL).toBe(String(RECORDS));
    const scores = parse(await download(), { columns: true }) as Record<string, string>[];
    expect(scores.filter((r) => r.scored_leads === '0/12')).toHaveLength(UNSCORED_RECORDS);

    await page.getByTestId('export-kind-refined').check();
    const cleanUnscored = facts().filter((f) => f.label === 'clean' && f.psnr === null).length;
    await expect.poll(() => page.getByTestId('export-unscored-clean').innerText(), UI_POLL).toContain(`${cleanUnscored} clean segments are not scored`);
    await expect.poll(() => page.getByTestId('export-summary').innerText(), UI_POLL).toContain(`${cleanUnscored} clean segments are not scored by this model and were left out`);
  });

  it('relabels a selection of the table at once, one audit event per segment, with "unsure"', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-label-burst_noise').check();
    const burst = facts().filter((f) => f.label === 'burst_noise');
    await expect.poll(total, UI_POLL).toBe(burst.length);
    const rows = page.getByTestId('segment-row');
    await expect.poll(async () => (await rows.first().innerText()).includes('burst noise'), UI_POLL).toBe(true);
    const picked: number[] = [];
    for (let k = 0; k < 3; k++) {
      picked.push(Number(await rows.nth(k).getAttribute('data-segment-id')));
      await rows.nth(k).getByTestId('select-row').check();
    }
    await expect.poll(() => page.getByTestId('bulk-count').innerText(), UI_POLL).toBe('3');
    await page.getByTestId('bulk-label').selectOption('unsure');
    await page.getByTestId('bulk-apply').click();
    for (const id of picked) {
      await expect.poll(() => events(id), UI_POLL).toEqual(['+unsure']);
    }
    // The rest of the filter is untouched; select-all picks every segment of it.
    expect(events(burst.find((f) => !picked.includes(f.id))!.id)).toEqual([]);
    await page.getByTestId('select-all').check();
    await expect.poll(() => page.getByTestId('bulk-count').innerText(), UI_POLL).toBe(String(burst.length));
    await page.getByTestId('bulk-clear').click();
  });

  it('raised no uncaught errors in the page', () => {
    expect(workstation?.pageErrors).toEqual([]);
  });
});

/**
 * End-to-end: the workstation in headless Chromium against `ecgnq serve` on a real project (the
 * first 14 records of the PTB-XL subset — 11 noisy lead-segments among 168 — plus the bundled
 * samples when a `files` importer exists), scored with the test model. Expected values come from
 * the project database itself, read with better-sqlite3 independently of the server's code.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, closeWorkstation, ecgnq, ensureAppBuilt, openWorkstation, SUBSET_NPZ, type Served, type Workstation } from './harness';

/** UI updates that wait on the server (relabel, reload) can take seconds on a busy 2-core machine; poll's default is 1 s. */
const UI_POLL = { timeout: 15_000 };

const RECORDS = 14;

let dir: string;
let dbPath: string;
let served: Served;
let workstation: Workstation | undefined;
let page: Page;

/** Current dataset labels of each segment (folded from the append-only log), straight from SQL. */
function datasetLabels(db: Database.Database): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  const rows = db
    .prepare("SELECT segment_id, value, present FROM label_events WHERE source LIKE 'dataset:%' AND kind = 'noise' ORDER BY id")
    .all() as { segment_id: number; value: string; present: number }[];
  for (const r of rows) {
    const set = out.get(r.segment_id) ?? new Set<string>();
    if (r.present) {
      set.add(r.value);
    } else {
      set.delete(r.value);
    }
    out.set(r.segment_id, set);
  }
  return out;
}

function openDb(): Database.Database {
  return new Database(dbPath, { readonly: true });
}

async function total(): Promise<number> {
  const text = await page.getByTestId('segments-total').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

beforeAll(async () => {
  ensureAppBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ecgnq-e2e-'));
  dbPath = join(dir, 'project.sqlite');
  buildProject(dbPath, { records: RECORDS, samples: true });
  workstation = await openWorkstation(dbPath);
  ({ served, page } = workstation);
}, 900_000);

afterAll(() => closeWorkstation(workstation, dir));

describe('workstation in the browser', () => {
  it('refuses the API without the token and signs in with it', async () => {
    const denied = await fetch(`${served.origin}/api/ecg:app.info`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    await page.goto(served.loginUrl);
    // The token is exchanged for a cookie and dropped from the URL.
    expect(page.url()).not.toContain('token=');
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-row').first().waitFor();
  });

  it('lists every segment and filters by label', async () => {
    const db = openDb();
    const all = (db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
    const labels = datasetLabels(db);
    db.close();
    await expect.poll(total, UI_POLL).toBe(all);
    const staticNoise = [...labels.values()].filter((s) => s.has('static_noise')).length;
    expect(staticNoise).toBeGreaterThan(0);
    await page.getByTestId('filter-label-static_noise').check();
    await expect.poll(total, UI_POLL).toBe(staticNoise);
    const chips = await page.getByTestId('segment-row').allInnerTexts();
    expect(chips.length).toBe(staticNoise);
    for (const text of chips) {
      expect(text).toContain('static noise');
    }
  });

  it('shows the classical SQIs as table columns and filters by a range of one', async () => {
    await page.getByTestId('filter-label-static_noise').uncheck();
    const db = openDb();
    const all = (db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
    const bursts = (db.prepare('SELECT burst_sqi AS v FROM segment_sqis WHERE burst_sqi IS NOT NULL ORDER BY burst_sqi').all() as { v: number }[]).map((r) => r.v);
    db.close();
    await expect.poll(total, UI_POLL).toBe(all);
    expect(bursts.length).toBeGreaterThan(10);
    const header = await page.getByTestId('segments-table').innerText();
    for (const label of ['basSQI', 'kSQI', 'sSQI', 'pSQI', 'hfSQI', 'burstSQI']) {
      expect(header).toContain(label);
    }
    const min = bursts[Math.floor(bursts.length * 0.9)];
    await page.getByTestId('filter-range-key').selectOption('burstSqi');
    await page.getByTestId('filter-range-min').fill(String(min));
    await page.getByTestId('filter-range-min').press('Enter');
    await expect.poll(total, UI_POLL).toBe(bursts.filter((v) => v >= min).length);
    expect(await page.getByTestId('filter-panel').innerText()).toContain(`burstSQI ≥ ${Number(min.toPrecision(3))}`);
    // The range filter stays for the next steps; the review step clears it.
  });

  it('opens a segment with its trace, other leads and both scalograms', async () => {
    const first = page.getByTestId('segment-row').first();
    const segmentId = Number(await first.getAttribute('data-segment-id'));
    await first.click();
    await page.getByTestId('segment-detail').waitFor();
    const db = openDb();
    const score = db.prepare('SELECT psnr FROM scores WHERE segment_id = ?').get(segmentId) as { psnr: number };
    db.close();
    await expect.poll(() => page.getByTestId('detail-psnr').innerText(), UI_POLL).toBe(score.psnr.toFixed(1));
    await page.locator('[data-testid="ecg-trace"] canvas').first().waitFor();
    await page.locator('[data-testid="other-leads"] canvas').first().waitFor();
    await page.locator('[data-testid="scalogram-original"] canvas').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="scalogram-reconstructed"] canvas').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="scalogram-absDiff"] canvas').first().waitFor();
    await page.locator('[data-testid="local-psnr"] canvas').first().waitFor();

    // Clicking another lead's cell in the small multiples (6 columns × 2 rows) opens that lead.
    const sibling = openDb();
    const own = sibling.prepare('SELECT record_id, segment_index, lead_index FROM segments WHERE id = ?').get(segmentId) as {
      record_id: number;
      segment_index: number;
      lead_index: number;
    };
    const targetLead = own.lead_index === 7 ? 8 : 7; // row 2, column 2 or 3
    const target = sibling
      .prepare('SELECT id FROM segments WHERE record_id = ? AND segment_index = ? AND lead_index = ?')
      .get(own.record_id, own.segment_index, targetLead) as { id: number };
    sibling.close();
    const box = (await page.getByTestId('other-leads').locator('canvas').first().boundingBox())!;
    const column = targetLead % 6;
    await page.mouse.click(box.x + 4 + ((box.width - 8) * (column + 0.4)) / 6, box.y + 4 + (box.height - 8) * 0.75);
    await page.locator(`[data-testid="segment-detail"][data-segment-id="${target.id}"]`).waitFor();
  });

  it('relabels from the review queue with the keyboard and shows the audit entry', async () => {
    // The queue is built from the table's filter: review every segment of the whole project.
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('nav-review').click();
    await page.getByTestId('annotator-input').fill('e2e tester');
    await page.getByTestId('annotator-save').click();
    await page.getByTestId('review-mode-filter').check();
    // Wait for the queue of every segment (not the disagreements queue shown first) before reading its item.
    const db0 = openDb();
    const segmentCount = (db0.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
    db0.close();
    await expect.poll(() => page.getByTestId('review-heading').innerText(), UI_POLL).toBe(`${segmentCount} segments`);
    const item = page.locator('[data-testid="review-item"].active');
    await item.waitFor();
    const segmentId = Number(await item.getAttribute('data-segment-id'));
    await page.getByTestId('segment-detail').waitFor();
    await page.locator('body').press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await page.locator('body').press('?');
    await page.locator('body').press('4'); // 4 = baseline_drift
    await expect.poll(() => page.getByTestId('review-status').innerText(), UI_POLL).toContain('baseline drift');
    // The cursor moved on; go back and see the event in the segment's history.
    await page.locator('body').press('k');
    await expect.poll(() => page.locator('[data-testid="segment-detail"]').getAttribute('data-segment-id'), UI_POLL).toBe(String(segmentId));
    await expect
      .poll(() => page.getByTestId('label-history').innerText(), UI_POLL)
      .toMatch(/annotator:e2e_tester\s+\+ baseline drift/);
    const db = openDb();
    const events = db
      .prepare("SELECT value, present FROM label_events WHERE segment_id = ? AND source = 'annotator:e2e_tester' ORDER BY id")
      .all(segmentId) as { value: string; present: number }[];
    db.close();
    expect(events).toEqual([{ value: 'baseline_drift', present: 1 }]);
    // u undoes it: a retraction event is appended, nothing is deleted.
    await page.locator('body').press('u');
    await expect.poll(() => page.getByTestId('label-history').innerText(), UI_POLL).toMatch(/annotator:e2e_tester\s+− baseline drift/);
  });

  it('moves the threshold and the confusion matrix follows; a cell opens its segments', async () => {
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('confusion-matrix').waitFor();
    const db = openDb();
    const labels = datasetLabels(db);
    const scores = db.prepare('SELECT segment_id, psnr FROM scores').all() as { segment_id: number; psnr: number }[];
    db.close();
    const cell = async (id: string): Promise<number> => Number((await page.getByTestId(id).innerText()).replace(/[^\d]/g, ''));
    const expected = (thresholdDb: number): Record<string, number> => {
      const m = { tp: 0, fn: 0, fp: 0, tn: 0 };
      for (const s of scores) {
        const set = labels.get(s.segment_id) ?? new Set<string>();
        const noisy = [...set].some((v) => v !== 'clean');
        const clean = !noisy && set.has('clean');
        const predictedNoisy = s.psnr <= thresholdDb;
        if (noisy) {
          m[predictedNoisy ? 'tp' : 'fn'] += 1;
        } else if (clean) {
          m[predictedNoisy ? 'fp' : 'tn'] += 1;
        }
      }
      return m;
    };
    const sorted = scores.map((s) => s.psnr).sort((a, b) => a - b);
    const median = Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
    for (const thresholdDb of [median, median + 0.6]) {
      await page.getByTestId('threshold-slider').fill(String(thresholdDb));
      await expect.poll(() => page.getByTestId('threshold-value').innerText(), UI_POLL).toBe(thresholdDb.toFixed(1));
      const want = expected(thresholdDb);
      expect({ tp: await cell('cm-tp'), fn: await cell('cm-fn'), fp: await cell('cm-fp'), tn: await cell('cm-tn') }).toEqual(want);
    }
    const fp = await cell('cm-fp');
    await page.getByTestId('cm-fp').click();
    await page.getByTestId('segments-table').waitFor();
    await expect.poll(total, UI_POLL).toBe(fp);
  });

  it('exports a refined CSV whose rows are the top half of clean segments by PSNR', async () => {
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-kind-refined').check();
    await expect.poll(() => page.getByTestId('export-row-count').innerText(), UI_POLL).not.toBe('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    expect(header).toEqual(['record_id', 'filename', 'lead', 'lead_name', 'segment', 'psnr', 'label', 'group']);
    const rows = csv.slice(1).map((line) => line.split(','));
    // Independent expectation: segments whose only dataset label is clean (the e2e relabel was
    // undone), scored, ranked by PSNR, top 50 % rounded to the nearest row.
    const db = openDb();
    const labels = datasetLabels(db);
    const clean = (db.prepare('SELECT segment_id, psnr FROM scores').all() as { segment_id: number; psnr: number }[])
      .filter((s) => {
        const set = labels.get(s.segment_id);
        return set !== undefined && set.size === 1 && set.has('clean');
      })
      .map((s) => s.psnr)
      .sort((a, b) => b - a);
    db.close();
    const keep = Math.round(clean.length * 0.5);
    expect(rows.length).toBe(keep);
    expect(Number(await page.getByTestId('export-row-count').innerText())).toBe(keep);
    const psnrs = rows.map((r) => Number(r[5]));
    psnrs.forEach((p, i) => expect(p).toBeCloseTo(clean[i], 6));
    expect(new Set(rows.map((r) => r[6]))).toEqual(new Set(['clean']));
  });

  it('shows a dataset the CLI imports while it serves within a second, without a reload', async () => {
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('datasets-table').waitFor();
    const live = page.locator('[data-testid="dataset-row"][data-dataset="live"]');
    expect(await live.count()).toBe(0);
    ecgnq(['import', 'npz-subset', SUBSET_NPZ, '--db', dbPath, '--name', 'live', '--limit', '2']);
    const imported = Date.now();
    await live.waitFor({ timeout: 10_000 });
    const shownAfterMs = Date.now() - imported;
    console.log(`CLI import shown in the workstation ${shownAfterMs} ms after the CLI exited`);
    expect(shownAfterMs).toBeLessThan(1000);
    // The dataset row can show while the import is still committing its records (counts 0), then the
    // next reload (at most a second later) brings the counts.
    await expect.poll(() => live.locator('td').nth(3).innerText(), { timeout: 3000 }).toBe('24');
  });

  it('raised no uncaught errors in the page', () => {
    expect(workstation?.pageErrors).toEqual([]);
  });
});

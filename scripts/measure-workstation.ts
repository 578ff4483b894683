/**
 * Measures the workstation's two quality-bar figures and prints them:
 *  1. segment-detail open time for a 12-lead 10-s 500 Hz record (bundled sample HR06000), cold and
 *     warm, through the web host's HTTP API and in Chromium; scalograms cold vs cached;
 *  2. the segments table with a synthetic 260,000-row project: query time, first rows, and
 *     scrolling (frame times, placeholder rows left) in headless Chromium.
 * Run: `node --import tsx scripts/measure-workstation.ts [--records 21667] [--only detail|table] [--db big.sqlite]`
 * (`--db`: reuse/keep the synthetic project at that path).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProject, ensureAppBuilt, launchChromium, serve, type Served } from '../test/e2e/harness';
import { buildSyntheticProject } from '../test/e2e/synthetic-project';

async function call<T>(served: Served, cookie: string, channel: string, body: unknown): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${served.origin}/api/${channel}`, { method: 'POST', headers: { cookie }, body: JSON.stringify(body) });
  const json = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!json.ok) {
    throw new Error(`${channel}: ${json.error?.message}`);
  }
  return { value: json.value, ms: performance.now() - started };
}

async function login(served: Served): Promise<string> {
  const response = await fetch(served.loginUrl, { redirect: 'manual' });
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms (n=${values.length})`;
}

async function measureDetail(dir: string): Promise<void> {
  const dbPath = join(dir, 'detail.sqlite');
  buildProject(dbPath, { records: 2, samples: true });
  const served = await serve(dbPath);
  try {
    const cookie = await login(served);
    const query = await call<{ ids: number[] }>(served, cookie, 'ecg:segments.query', { filter: { text: 'HR06000' } });
    const ids = query.value.ids;
    if (ids.length !== 12) {
      throw new Error(`expected 12 segments of HR06000 (12-lead 10-s 500 Hz), got ${ids.length}`);
    }
    const first = await call<{ elapsedMs: number; fsHz: number }>(served, cookie, 'ecg:segment.detail', { segmentId: ids[0] });
    const warm: number[] = [];
    const server: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const id of ids) {
        const r = await call<{ elapsedMs: number }>(served, cookie, 'ecg:segment.detail', { segmentId: id });
        warm.push(r.ms);
        server.push(r.value.elapsedMs);
      }
    }
    process.stdout.write(
      `detail (HR06000, ${first.value.fsHz} Hz, 12 leads × 10 s): first open ${first.ms.toFixed(1)} ms (record read from disk)\n` +
        `  warm round trip: ${stats(warm)}\n  server time: ${stats(server)}\n`,
    );
    const cold = await call<{ elapsedMs: number }>(served, cookie, 'ecg:segment.scalograms', { segmentId: ids[1] });
    const cached = await call<{ elapsedMs: number }>(served, cookie, 'ecg:segment.scalograms', { segmentId: ids[1] });
    process.stdout.write(`scalograms (superlet + reconstruction, tiny model): cold ${cold.ms.toFixed(0)} ms, cached ${cached.ms.toFixed(1)} ms\n`);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(served.loginUrl);
      await page.getByTestId('segment-row').first().waitFor();
      const times: number[] = [];
      const apiTimes: number[] = [];
      // The first open also pays for compiling the chart code; it is reported on its own.
      let coldMs = NaN;
      for (const [k, id] of [...ids.slice(2), ...ids.slice(2)].entries()) {
        const started = Date.now();
        await page.evaluate((segmentId) => {
          window.location.hash = `#/segment/${segmentId}`;
        }, id);
        await page.locator(`[data-testid="segment-detail"][data-segment-id="${id}"] [data-testid="open-ms"]`).waitFor();
        const inApp = Number((await page.getByTestId('open-ms').innerText()).replace(/[^\d.]/g, ''));
        if (k === 0) {
          coldMs = inApp;
        } else {
          times.push(Date.now() - started);
          apiTimes.push(inApp);
        }
        // Let this segment's scalograms finish so the next open is not competing with them.
        await page.locator('[data-testid="scalogram-reconstructed"] canvas').first().waitFor({ timeout: 120_000 });
      }
      process.stdout.write(
        `detail in Chromium, in-app (navigation → first frame with the trace, previous view torn down): first open ${coldMs} ms; then ${stats(apiTimes)}\n` +
          `  as Playwright sees it (hash set → element visible, includes its polling): ${stats(times)}\n`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    await served.stop();
  }
}

/** Runs in the page: 60 wheel-sized scroll steps, then 40 jumps across the table; frame times via rAF. */
const SCROLL_SCRIPT = `(async () => {
  const viewport = document.querySelector('[data-testid="segments-viewport"]');
  const frames = [];
  let last = performance.now();
  let running = true;
  const tick = (now) => { frames.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 60; i++) { viewport.scrollTop += 120; await wait(16); }
  const wheelFrames = frames.length;
  for (let i = 0; i < 40; i++) { viewport.scrollTop = (viewport.scrollHeight * ((i * 7919) % 40)) / 40; await wait(50); }
  await wait(400);
  const rows = [...document.querySelectorAll('[data-testid="segment-row"]')];
  const placeholders = rows.filter((r) => r.textContent.trim() === '…').length;
  running = false;
  return { frames: frames.slice(1, wheelFrames), jumpFrames: frames.slice(wheelFrames), rowsInDom: rows.length, placeholders, scrollHeight: viewport.scrollHeight };
})()`;

async function measureTable(dir: string, records: number): Promise<void> {
  const keep = process.argv.indexOf('--db');
  const dbPath = keep > 0 ? process.argv[keep + 1] : join(dir, 'big.sqlite');
  if (!existsSync(dbPath)) {
    const buildStart = performance.now();
    const segments = buildSyntheticProject(dbPath, records);
    process.stdout.write(`synthetic project: ${segments} lead-segments built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s\n`);
  }
  // The browser is up before the server starts, so nothing hides the project's opening time.
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const spawned = Date.now();
  const served = await serve(dbPath);
  try {
    const started = Date.now();
    await page.goto(served.loginUrl);
    await page.locator('[data-testid="segment-row"] .cell').first().waitFor({ timeout: 120_000 });
    const now = Date.now();
    process.stdout.write(
      `first rows visible ${now - started} ms after opening the page (navigation as soon as \`ecgnq serve\` printed its URL, ` +
        `${started - spawned} ms after it was started); ${now - spawned} ms from starting \`ecgnq serve\` (Node + tsx start-up included)\n`,
    );
    const total = await page.getByTestId('segments-total').innerText();
    const status = await page.getByTestId('segments-status').innerText();
    process.stdout.write(`table: ${total} rows; ${status.replace(/\s+/g, ' ')}\n`);
    await page.getByTestId('sort-psnr').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="segments-status"]')?.textContent?.includes('loading'));
    const sortStatus = await page.getByTestId('segments-status').innerText();
    process.stdout.write(`after sorting by PSNR: ${sortStatus.replace(/\s+/g, ' ')}\n`);
    // Scroll: 60 wheel-sized steps at one position, then 40 jumps across the whole table.
    // Passed as source text: tsx would wrap named functions with a helper the page does not have.
    const result = (await page.evaluate(SCROLL_SCRIPT)) as {
      frames: number[];
      jumpFrames: number[];
      rowsInDom: number;
      placeholders: number;
      scrollHeight: number;
    };
    const slow = result.frames.filter((f) => f > 50).length;
    const slowJumps = result.jumpFrames.filter((f) => f > 50).length;
    process.stdout.write(
      `wheel-style scrolling (60 × 120 px): ${stats(result.frames)}, ${slow} frames > 50 ms\n` +
        `40 jumps across the table: ${stats(result.jumpFrames)}, ${slowJumps} frames > 50 ms; ` +
        `${result.rowsInDom} row elements in the DOM; ${result.placeholders} placeholder rows 400 ms after the last jump; scroll height ${result.scrollHeight} px\n`,
    );
  } finally {
    await browser.close();
    await served.stop();
  }
}

async function main(): Promise<void> {
  const recordsArg = process.argv.indexOf('--records');
  const records = recordsArg > 0 ? Number(process.argv[recordsArg + 1]) : Math.ceil(260_000 / 12);
  ensureAppBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ecgnq-measure-'));
  try {
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
    if (only !== 'table') {
      await measureDetail(dir);
    }
    if (only !== 'detail') {
      await measureTable(dir, records);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

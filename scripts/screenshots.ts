/**
 * Regenerates docs/screenshots/*.png: builds a small project (the e2e harness's) scored with the
 * shipped models/default, serves it with `ecgnq serve`, and captures every view at 1280×800 in
 * headless Chromium.
 * Run: `npm run screenshots`.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildProject, closeWorkstation, ensureAppBuilt, openWorkstation, ROOT } from '../test/e2e/harness';

const OUT = join(ROOT, 'docs/screenshots');

async function settle(page: Page, ms = 800): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(ms);
}

async function main(): Promise<void> {
  ensureAppBuilt();
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'ecgnq-shots-'));
  const dbPath = join(dir, 'project.sqlite');
  process.stdout.write('building and scoring the demo project…\n');
  // The shipped model, so the views show the scores a curator gets.
  const model = join(ROOT, 'models/default');
  buildProject(dbPath, { records: 40, samples: true, model });
  const workstation = await openWorkstation(dbPath, { model });
  const { served, page } = workstation;
  try {
    await page.goto(served.loginUrl);
    const shoot = async (name: string): Promise<void> => {
      await settle(page);
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      process.stdout.write(`wrote docs/screenshots/${name}.png\n`);
    };

    await page.getByTestId('nav-projects').click();
    await shoot('projects');

    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-row').first().waitFor();
    await page.getByTestId('sort-psnr').click();
    await shoot('segments');

    await page.getByTestId('segment-row').first().click();
    await page.locator('[data-testid="scalogram-reconstructed"] canvas').first().waitFor({ timeout: 120_000 });
    await shoot('segment-detail');
    await page.getByTestId('ecg-trace').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 10_000));
    await shoot('segment-detail-lower');

    await page.getByTestId('nav-labels').click();
    await page.getByTestId('confusion-matrix').waitFor();
    await shoot('labels-vs-psnr');

    await page.getByTestId('nav-review').click();
    await page.getByTestId('annotator-input').fill('curator');
    await page.getByTestId('annotator-save').click();
    await page.getByTestId('segment-detail').waitFor();
    await page.locator('body').press('?');
    await shoot('review');
    await page.locator('body').press('?');

    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-row-count').waitFor();
    await shoot('export');

    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-row').nth(3).click();
    await page.locator('[data-testid="scalogram-reconstructed"] canvas').first().waitFor({ timeout: 120_000 });
    await shoot('segment-detail-dark');
  } finally {
    await closeWorkstation(workstation, dir);
  }
}

await main();

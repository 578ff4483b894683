/**
 * Browser-test harness: builds the app (`ensureAppBuilt`, re-exported) when its output is missing or
 * older than its sources, builds a small real project through the CLI (PTB-XL subset slice + bundled samples where
 * an importer exists, scored with the toy test model), starts `ecgnq serve` as a child process and
 * launches Debian's Chromium through playwright-core.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export { ensureAppBuilt } from '../app-build';

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
const ECGNQ = join(ROOT, 'bin/ecgnq.js');

/** The PTB-XL subset archive shared beside the repository. */
export const SUBSET_NPZ = resolve(ROOT, '../shared/data/ptbxl/ptbxl_subset_100hz.npz');

/**
 * Model used to score the e2e project: the tiny test model when present, else the inference
 * toy model (both are small ONNX fixtures, not the real network).
 */
export function testModelDir(): string {
  const tiny = join(ROOT, 'test/fixtures/tiny-model');
  return existsSync(join(tiny, 'model.json')) ? tiny : join(ROOT, 'test/fixtures/inference-toy/ldm');
}

/** Runs `ecgnq` (bin/ecgnq.js) with `args` in a child process; returns its stdout. */
export function ecgnq(args: string[]): string {
  return execFileSync(process.execPath, [ECGNQ, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ECGNQ_NO_PROGRESS: '1' },
    timeout: 600_000,
  });
}

/** Kinds the installed `ecgnq import` accepts (read from its --help). */
export function importKinds(): string[] {
  const help = ecgnq(['import', '--help']);
  const match = /kinds: ([^)]*)\)/.exec(help.replace(/\s+/g, ' '));
  return match ? match[1].split(',').map((k) => k.trim()) : [];
}

/** Options of {@link buildProject}. */
export interface ProjectOptions {
  /** PTB-XL subset records to import (the first ones of the archive). */
  records: number;
  /** Also import resources/samples when a `files` importer exists. */
  samples?: boolean;
  /** Model folder to score with (default: the small test model). */
  model?: string;
}

/** Builds and scores a project at `dbPath` with the CLI. Returns the datasets imported. */
export function buildProject(dbPath: string, options: ProjectOptions): string[] {
  const datasets: string[] = [];
  ecgnq(['import', 'npz-subset', SUBSET_NPZ, '--db', dbPath, '--name', 'ptbxl', '--limit', String(options.records)]);
  datasets.push('ptbxl');
  if (options.samples && importKinds().includes('files')) {
    ecgnq(['import', 'files', join(ROOT, 'resources/samples'), '--db', dbPath, '--name', 'samples']);
    datasets.push('samples');
  }
  ecgnq(['quantify', '--db', dbPath, '--model', options.model ?? testModelDir(), '--threads', '1']);
  return datasets;
}

/** A running `ecgnq serve`. */
export interface Served {
  process: ChildProcess;
  /** URL with `?token=` (to open once). */
  loginUrl: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `ecgnq serve --db dbPath --port 0` (with the test model unless `model` is given) and waits for its URL. */
export function serve(dbPath: string, extraArgs: string[] = [], model: string = testModelDir()): Promise<Served> {
  const child = spawn(process.execPath, [ECGNQ, 'serve', '--db', dbPath, '--port', '0', '--model', model, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`ecgnq serve did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open: (http:\/\/[^\s]+\?token=([0-9a-f]+))/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = new URL(match[1]);
        resolvePromise({
          process: child,
          loginUrl: match[1],
          origin: url.origin,
          token: match[2],
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) {
                done();
                return;
              }
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ecgnq serve exited with ${code}:\n${output}`));
    });
  });
}

/** Launches headless Chromium (Debian package) with the flags the CI uses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A served project in headless Chromium: the server, the browser, one page and its uncaught errors. */
export interface Workstation {
  served: Served;
  browser: Browser;
  page: Page;
  pageErrors: string[];
}

/** Serves `dbPath` (`ecgnq serve`, the test model unless `model` is given) and opens one page, not yet signed in. */
export async function openWorkstation(dbPath: string, options: { viewport?: { width: number; height: number }; model?: string } = {}): Promise<Workstation> {
  const served = await serve(dbPath, [], options.model);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { served, browser, page, pageErrors };
}

/** Closes what {@link openWorkstation} opened (whatever of it started) and removes `dir`. */
export async function closeWorkstation(workstation: Workstation | undefined, dir: string | undefined): Promise<void> {
  await workstation?.browser.close();
  await workstation?.served.stop();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `electron-vite build` for tests and scripts that need its output (the renderer for the browser
 * tests, the compiled superlet worker of the main bundle): builds when an output is missing or
 * older than its sources. Test files run in parallel, so the check and the build happen under a
 * lock directory (a stale lock from a killed run is broken after 10 minutes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const LOCK = join(ROOT, 'out/.build-lock');
const STALE_LOCK_MS = 10 * 60_000;

/** Build outputs and the source folders each one is made from. */
const OUTPUTS: { file: string; sources: string[] }[] = [
  { file: 'out/renderer/index.html', sources: ['src-renderer', 'src-shared'] },
  { file: 'out/main/superlet-worker.js', sources: ['src-main', 'src-shared'] },
];

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  return OUTPUTS.some(({ file, sources }) => {
    const path = join(ROOT, file);
    return !existsSync(path) || statSync(path).mtimeMs < Math.max(...sources.map((s) => newestMtimeMs(join(ROOT, s))));
  });
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(): void {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) {
        rmSync(LOCK, { recursive: true, force: true });
      } else {
        sleepMs(250);
      }
    }
  }
}

/** Runs `electron-vite build` unless every output is newer than its sources. */
export function ensureAppBuilt(): void {
  acquireLock();
  try {
    if (stale()) {
      execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

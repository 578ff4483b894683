/**
 * `ecgnq serve` right after `npm install`: the workstation's renderer is built on first use
 * (`npm run build`, about a minute) instead of answering the browser with an error page.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../engine/errors';
import { PACKAGE_ROOT } from '../engine/package-info';
import { RENDERER_DIR } from '../workbench/renderer-files';

/** Runs `npm run build` in the package root, its output on stderr (stdout carries the serve URL). */
function npmRunBuild(): void {
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    throw new EngineError('invalid-input', `"npm run build" failed (exit ${result.status ?? result.signal}); its output is above`);
  }
}

/**
 * Builds the renderer into `dir` when its index.html is missing.
 * @throws EngineError when the build fails or writes no index.html.
 */
export function ensureRendererBuilt(dir: string = RENDERER_DIR, build: () => void = npmRunBuild, log: (line: string) => void = (l) => process.stderr.write(l)): void {
  const index = join(dir, 'index.html');
  if (existsSync(index)) {
    return;
  }
  log(`ecgnq serve: the workstation is not built yet; building it once with "npm run build" (about a minute)…\n`);
  build();
  if (!existsSync(index)) {
    throw new EngineError('not-found', `the build wrote no ${index}; run "npm run build" and read its errors`);
  }
}

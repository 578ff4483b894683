/** `ecgnq serve` builds the renderer on first use: only when index.html is missing, and fails clearly when the build writes none. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../../src-main/cli/renderer-build';

const root = mkdtempSync(join(tmpdir(), 'ecgnq-renderer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureRendererBuilt', () => {
  it('builds once when index.html is missing, then leaves a built folder alone', () => {
    const dir = join(root, 'a');
    const logs: string[] = [];
    let builds = 0;
    const build = (): void => {
      builds += 1;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    };
    ensureRendererBuilt(dir, build, (l) => logs.push(l));
    ensureRendererBuilt(dir, build, (l) => logs.push(l));
    expect(builds).toBe(1);
    expect(logs).toEqual([expect.stringContaining('building it once with "npm run build"')]);
  });

  it('fails with the missing file named when the build writes nothing', () => {
    const dir = join(root, 'b');
    expect(() => ensureRendererBuilt(dir, () => undefined, () => undefined)).toThrow(/wrote no .*b\/index\.html/);
  });
});

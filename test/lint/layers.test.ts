/**
 * The layer rules of eslint.config.js (ARCHITECTURE.md, "who may import whom") fire where they
 * should and nowhere else: each case lints a one-line module as if it sat in a given folder.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** Rule ids reported for `code` placed at `file` (relative to the repository root). */
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: resolve(ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const RESTRICTED = 'no-restricted-imports';

describe('layer rules', () => {
  it.each([
    ['src-main/engine/jobs/x.ts', "import { startServe } from '../../web/serve';"],
    ['src-main/engine/project/x.ts', "import { Workbench } from '../../workbench/workbench';"],
    ['src-main/engine/io/x.ts', "import { intFlag } from '../../cli/flags';"],
    ['src-main/engine/x.ts', "import { app } from 'electron';"],
    ['src-main/workbench/x.ts', "import { startWebHost } from '../web/http-host';"],
    ['src-main/workbench/x.ts', "import { app } from 'electron';"],
    ['src-main/web/x.ts', "import { trustWindow } from '../electron/ipc';"],
    ['src-main/cli/commands/x.ts', "import { broadcast } from '../../electron/ipc';"],
    ['src-main/electron/x.ts', "import { intFlag } from '../cli/flags';"],
    ['src-shared/x.ts', "import { ProjectModel } from '../src-main/engine/project/project-model';"],
    ['src-shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src-renderer/lib/state/x.ts', "import { ProjectModel } from '../../../src-main/engine/project/project-model';"],
    ['src-renderer/lib/state/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src-renderer/lib/components/X.svelte', "<script lang=\"ts\">\n  import { join } from 'node:path';\n</script>"],
    ['src-preload/x.ts', "import { dispatch } from '../src-main/workbench/api/dispatch';"],
    ['test/engine/x.test.ts', "import { app } from 'electron';"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain(RESTRICTED);
  });

  it.each([
    ['src-main/engine/project/x.ts', "import { labelGroupOf } from '../../../src-shared/labels';"],
    ['src-main/workbench/x.ts', "import { ProjectModel } from '../engine/project/project-model';"],
    ['src-main/web/x.ts', "import { Workbench } from '../workbench/workbench';"],
    ['src-main/cli/commands/x.ts', "import { startServe } from '../../web/serve';"],
    ['src-main/electron/x.ts', "import { app } from 'electron';"],
    ['src-preload/x.ts', "import { contextBridge } from 'electron';"],
    ['src-renderer/lib/state/x.ts', "import { CHANNEL } from '../../../src-shared/contract-names';"],
    ['test/engine/x.test.ts', "import { ProjectModel } from '../../src-main/engine/project/project-model';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await ruleIds(file, code)).not.toContain(RESTRICTED);
  });

  it('keeps channel strings in the contract and back-end calls in the renderer API layer', async () => {
    expect(await ruleIds('src-main/workbench/x.ts', "export const c = 'ecg:segments.query';")).toContain('no-restricted-syntax');
    expect(await ruleIds('src-shared/x.ts', "export const c = 'ecg:segments.query';")).not.toContain('no-restricted-syntax');
    expect(await ruleIds('src-renderer/lib/state/x.ts', "void fetch('/api');")).toContain('no-restricted-globals');
    expect(await ruleIds('src-renderer/lib/state/x.ts', 'void window.ecg;')).toContain('no-restricted-properties');
    expect(await ruleIds('src-renderer/lib/api/x.ts', "void fetch('/api'); void window.ecg;")).toEqual([]);
  });
});

/**
 * `ecgnq doctor` as CI runs it (`node bin/ecgnq.js doctor`): every check reports, the CPU provider and
 * the model pass, problems carry their fix, and a broken model folder fails the run with exit code 1.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDoctor } from '../../../src-main/cli/commands/doctor';
import type { Check } from '../../../src-main/cli/doctor/checks';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'bin/ecgnq.js');
const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'ecgnq-doctor-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ecgnq doctor', () => {
  it('reports every part; Node, ONNX Runtime on the CPU and the default model pass; problems name their fix', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'doctor', '--json'], { cwd: ROOT });
    const checks = JSON.parse(stdout) as Check[];
    expect(checks.map((c) => c.name)).toEqual(['runtime', 'better-sqlite3', 'electron', 'onnxruntime cpu', 'onnxruntime cuda', 'gpu', 'backend', 'model', 'chromium', 'python']);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName.runtime.detail).toContain(`Node.js ${process.versions.node} (module ABI ${process.versions.modules})`);
    expect(byName['better-sqlite3']).toMatchObject({ status: 'ok' });
    expect(byName['onnxruntime cpu']).toMatchObject({ status: 'ok' });
    expect(byName['onnxruntime cpu'].detail).toMatch(/^onnxruntime-node \d+\.\d+\.\d+: the CPU provider starts/);
    expect(byName.model.status).toBe('ok');
    expect(byName.model.detail).toMatch(/models\/default: .*model\.json sha256 [0-9a-f]{64}$/);
    expect(byName.backend.detail).toMatch(/^--device auto → (CPU|CUDA), /);
    if (byName['onnxruntime cuda'].status !== 'ok') {
      expect(byName.backend.detail).toMatch(/^--device auto → CPU, the ONNX superlet graph \(float64, sha256 [0-9a-f]{12}…\)$/);
    }
    for (const c of checks) {
      expect(['ok', 'info', 'warn', 'fail']).toContain(c.status);
      if (c.status === 'warn' || c.status === 'fail') {
        expect(c.fix, c.name).toBeTruthy();
      }
    }
  }, 60_000);

  it('exits 1 on a model folder that cannot be loaded, naming the file and the fix', async () => {
    writeFileSync(join(tmp, 'model.json'), '{ not json');
    const failed = run(process.execPath, [CLI, 'doctor', '--model', tmp], { cwd: ROOT });
    await expect(failed).rejects.toMatchObject({ code: 1 });
    const { stdout } = (await failed.catch((e: { stdout: string }) => e)) as { stdout: string };
    expect(stdout).toContain(`[fail] model`);
    expect(stdout).toContain(`${join(tmp, 'model.json')}: not valid JSON`);
    expect(stdout).toMatch(/fix: pass --model DIR/);
    expect(stdout).toMatch(/1 problem\(s\) stop scoring or the tests/);
  }, 60_000);

  it('formats one line per check with the fix below problems only', () => {
    const text = formatDoctor([
      { name: 'gpu', status: 'info', detail: 'no NVIDIA GPU found' },
      { name: 'chromium', status: 'warn', detail: '/usr/bin/chromium not found', fix: 'npm run setup:dev' },
      { name: 'model', status: 'ok', detail: 'models/default', fix: 'never shown' },
    ]);
    expect(text.split('\n')).toEqual([
      '[info] gpu       no NVIDIA GPU found',
      '[warn] chromium  /usr/bin/chromium not found',
      '                 fix: npm run setup:dev',
      '[ok]   model     models/default',
      '',
      'ready (1 warning(s) for optional parts).',
    ]);
  });
});

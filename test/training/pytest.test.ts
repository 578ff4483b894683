// Runs the Python toolkit's pytest suite (training/tests: superlet vs goldens, schedulers vs closed forms, model
// shapes, ONNX export round trip, committed parity fixture vs committed tiny model) inside `npm test`.
// Needs the venv that `npm run setup:dev` creates from training/requirements.txt.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = `${ROOT}.venv/bin/python`;

describe('training toolkit (pytest)', () => {
  it('passes training/tests', () => {
    expect(existsSync(PYTHON), `missing ${PYTHON}: run npm run setup:dev`).toBe(true);
    const run = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'training/tests'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 280_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    const tail = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.slice(-4000);
    expect(run.status, tail).toBe(0);
  }, 300_000);
});

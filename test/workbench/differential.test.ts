/**
 * One back end: for the same project, the CLI (`bin/ecgnq.js` in child processes) and the
 * workstation API (`ecgnq serve`'s HTTP host, in process) give identical evaluation numbers, review
 * queues and byte-identical export files. The project is built with the CLI (14 PTB-XL subset
 * records, scored with the tiny test model) and relabelled through the API, so current labels
 * (annotator over dataset) differ from the dataset's own.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../src-main/web/serve';
import type { EvaluationResult, ExportFile, SegmentQueryResult, SegmentRow } from '../../src-shared/types';
import { tempDir } from '../engine/db/helpers';

const ROOT = resolve(import.meta.dirname, '../..');
const SUBSET = resolve(ROOT, '../shared/data/ptbxl/ptbxl_subset_100hz.npz');
const TINY_MODEL = join(ROOT, 'test/fixtures/tiny-model');

const t = tempDir('ecgnq-diff-');
const dbPath = join(t.dir, 'project.sqlite');
let served: ServeHandle;
let cookie = '';

/** Runs `ecgnq` in a child process (asynchronously: the in-process server keeps answering); resolves to stdout. */
function cli(...args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [join(ROOT, 'bin/ecgnq.js'), ...args], { cwd: ROOT, env: { ...process.env, ECGNQ_NO_PROGRESS: '1' }, maxBuffer: 1 << 28 }, (error, stdout, stderr) =>
      error ? fail(new Error(`ecgnq ${args.join(' ')}: ${error.message}\n${stderr}`)) : done(stdout),
    );
  });
}

async function api<T>(channel: string, body: unknown): Promise<T> {
  const response = await fetch(`${served.host.url}api/${channel}`, { method: 'POST', headers: { cookie }, body: JSON.stringify(body) });
  const json = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!json.ok) {
    throw new Error(`${channel}: ${json.error?.message}`);
  }
  return json.value;
}

beforeAll(async () => {
  await cli('import', 'npz-subset', SUBSET, '--db', dbPath, '--name', 'ptbxl', '--limit', '14');
  await cli('quantify', '--db', dbPath, '--model', TINY_MODEL, '--threads', '1');
  const renderer = join(t.dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  served = await startServe({ dbPath, port: 0, rendererDir: renderer, modelDirs: [TINY_MODEL] });
  cookie = ((await fetch(served.host.loginUrl, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0];
  // Relabel a few segments through the workstation: two clean ones become noisy, one noisy one clean.
  const clean = await api<SegmentQueryResult>('ecg:segments.query', { filter: { labelGroup: 'clean' } });
  const noisy = await api<SegmentQueryResult>('ecg:segments.query', { filter: { labelGroup: 'noisy' } });
  expect(noisy.total).toBeGreaterThan(0);
  for (const [segmentId, value] of [[clean.ids[0], 'static_noise'], [clean.ids[5], 'baseline_drift'], [noisy.ids[0], 'clean']] as const) {
    await api('ecg:label.set', { segmentId, value, annotator: 'ana' });
  }
}, 300_000);

afterAll(async () => {
  await served?.close();
  t.cleanup();
});

describe('CLI and workstation on the same project', () => {
  it('give identical evaluation numbers', async () => {
    const fromCli = JSON.parse(await cli('eval', '--db', dbPath, '--json')) as EvaluationResult & { params: { modelSha256: string } };
    const fromApi = await api<EvaluationResult>('ecg:evaluation', {});
    expect(fromApi.rows.find((r) => r.group === 'any')?.nNoisy).toBeGreaterThan(0);
    for (const key of ['nClean', 'medianPsnrClean', 'rows', 'macroW1', 'sqi'] as const) {
      expect(fromCli[key], key).toEqual(fromApi[key]);
    }
    expect(fromApi.modelId?.startsWith(fromCli.params.modelSha256)).toBe(true);
  });

  it('give identical review queues', async () => {
    const evaluation = await api<EvaluationResult>('ecg:evaluation', {});
    // A threshold inside the scores' range, so both sides of it disagree with some labels.
    const all = [...evaluation.cleanPsnr, ...evaluation.noisyPsnr].sort((a, b) => a - b);
    const threshold = all[Math.floor(all.length / 2)];
    const fromCli = JSON.parse(await cli('review', '--db', dbPath, '--threshold', String(threshold), '--json')) as SegmentRow[];
    const fromApi = await api<SegmentRow[]>('ecg:review.queue', { threshold, limit: 5000 });
    expect(fromApi.length).toBeGreaterThan(2);
    expect(fromCli).toEqual(fromApi);
    const filtered = await api<SegmentRow[]>('ecg:review.queue', { threshold, filter: { leads: ['II'] } });
    expect(JSON.parse(await cli('review', '--db', dbPath, '--threshold', String(threshold), '--filter', '{"leads":["II"]}', '--json'))).toEqual(filtered);
  });

  it('write byte-identical export files', async () => {
    const run = (kind: string, extra: object = {}) => api<ExportFile>('ecg:export.run', { kind, ...extra });
    await cli('export', 'refined', '--db', dbPath, '--top', '0.3', '--out', join(t.dir, 'refined.csv'));
    await cli('export', 'scores', '--db', dbPath, '--out', join(t.dir, 'scores.csv'));
    await cli('export', 'labels', '--db', dbPath, '--out', join(t.dir, 'labels.csv'));
    const refined = await run('refined', { top: 0.3 });
    expect(refined.rowCount).toBeGreaterThan(0);
    expect(readFileSync(join(t.dir, 'refined.csv'), 'utf8')).toBe(refined.content);
    expect(readFileSync(join(t.dir, 'scores.csv'), 'utf8')).toBe((await run('scores')).content);
    expect(readFileSync(join(t.dir, 'labels.csv'), 'utf8')).toBe((await run('labels')).content);
    expect(readFileSync(join(t.dir, 'labels-audit.csv'), 'utf8')).toBe((await run('audit')).content);
  });
});

/**
 * One measurement of the long-record benchmark, in its own process so its peak RSS is its own:
 * loads the model once, then scores the given WFDB files in file mode (the quantify-files job, CSV
 * rows dropped) or project mode (import of `--import` into a fresh project, then the resumable
 * quantify job) and prints one JSON line: { loadS, importS, scoreS, segments, maxRssMb }.
 *
 *   node --import tsx bench/long-record-child.ts --mode file|project --model DIR --threads N [--import PATH] FILE…
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectDb } from '../src-main/engine/db/project-db';
import { importFiles } from '../src-main/engine/importers/files';
import { NoiseScorer } from '../src-main/engine/inference/scorer';
import { run as quantifyFiles } from '../src-main/engine/jobs/quantify-files.job';
import { run as quantifyProject } from '../src-main/engine/jobs/quantify.job';
import { closeSharedSuperletPool } from '../src-main/engine/workers/superlet-pool';

/** Result line of one measurement. */
export interface ChildResult {
  /** Model load, s (left out of the per-segment figures). */
  loadS: number;
  /** Project mode: import of the records (content hash and, for long records, overview envelopes), s. */
  importS: number;
  /** Scoring, s. */
  scoreS: number;
  /** Lead-segments scored. */
  segments: number;
  /** Peak resident set of the whole process (model, import and scoring), MB. */
  maxRssMb: number;
}

function parseArgs(argv: string[]): { mode: string; modelDir: string; threads: number; importPath: string | null; files: string[] } {
  const args = [...argv];
  const take = (name: string, required = true): string | null => {
    const i = args.indexOf(name);
    const value = i >= 0 ? args[i + 1] : undefined;
    if (value === undefined) {
      if (required) {
        throw new Error(`missing ${name}`);
      }
      return null;
    }
    args.splice(i, 2);
    return value;
  };
  const mode = take('--mode') as string;
  const modelDir = take('--model') as string;
  const threads = Number(take('--threads'));
  const importPath = take('--import', false);
  return { mode, modelDir, threads, importPath, files: args };
}

async function main(): Promise<void> {
  const { mode, modelDir, threads, importPath, files } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'ecgnq-bench-long-'));
  const seconds = (since: number): number => (performance.now() - since) / 1000;
  try {
    let importS = 0;
    const dbPath = join(dir, 'p.sqlite');
    if (mode === 'project') {
      const t0 = performance.now();
      const project = ProjectDb.open(dbPath);
      for (const path of importPath ? [importPath] : files) {
        await importFiles(project, path);
      }
      project.close();
      importS = seconds(t0);
    }
    const t1 = performance.now();
    const scorer = await NoiseScorer.load(modelDir, { threads, device: 'cpu' });
    const loadS = seconds(t1);
    const t2 = performance.now();
    let segments: number;
    if (mode === 'file') {
      segments = (await quantifyFiles({ files, scorer, score: {}, writeLine: () => undefined })).rows;
    } else {
      segments = (await quantifyProject({ dbPath, scorer })).segmentsScored;
    }
    const scoreS = seconds(t2);
    scorer.close();
    const result: ChildResult = { loadS, importS, scoreS, segments, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    console.log(JSON.stringify(result));
  } finally {
    await closeSharedSuperletPool();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (each exports `name` and
 * `async run(): Promise<BenchRow[]>`) and prints one table per module. Pass names to run only
 * some: `npm run bench -- superlet`. Benchmarks are measurements, not tests: nothing fails on time.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './types';

function cell(v: string | number): string {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v;
}

/** Formats rows as an aligned text table (columns = union of row keys, first-seen order). */
export function formatTable(rows: BenchRow[]): string {
  const cols: string[] = [];
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!cols.includes(k)) {
        cols.push(k);
      }
    }
  }
  const cells = rows.map((r) => cols.map((c) => (c in r ? cell(r[c]) : '')));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]): string => `| ${vals.map((v, i) => v.padEnd(width[i])).join(' | ')} |`;
  return [line(cols), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<BenchModule>;
    if (typeof mod.run !== 'function') {
      console.log(`skipping ${file}: no run() export`);
      continue;
    }
    const name = mod.name ?? file;
    console.log(`\n## ${name}\n`);
    // Modules may await work on unref'd handles (worker pools): keep the loop alive meanwhile.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      const rows = await mod.run();
      console.log(formatTable(rows));
      for (const note of mod.notes ?? []) {
        console.log(note);
      }
    } catch (error) {
      console.log(`${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    } finally {
      clearInterval(keepAlive);
    }
  }
}

await main();

/**
 * Importer `butqdb`: Brno University of Technology ECG Quality Database as published on PhysioNet —
 * one folder per record `<id>/` with `<id>_ECG.hea/.dat` (1000 Hz, µV) and `<id>_ANN.csv`:
 * quality-class intervals by several annotators, three columns per annotator (start sample, end
 * sample, class 1/2/3; annotators A, B, C… left to right; shorter columns padded with empty
 * cells). Samples are taken as 1-based inclusive, as in the database's MATLAB tooling.
 * UNTESTED ON THE REAL FILES (not available here): tested on a fixture built to this layout.
 * Labels: kind 'quality', value 'butqdb:<class>' on every segment overlapping an interval —
 * per annotator under `annotator:<dataset>-<A|B|C…>`, and the worst (highest) class any annotator
 * gave under `dataset:<name>`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { NewLabelEvent } from '../db/labels-repo';
import type { ProjectDb } from '../db/project-db';
import { ensureDataset } from '../db/records-repo';
import { segmentWindows } from '../dsp/segment';
import { EcgFormatError } from '../errors';
import { newSummary, throwIfAborted, type ImportOptions, type ImportSummary } from './common';
import { importWfdbHeader } from './wfdb-import';

/** One annotated interval, 0-based samples [start, end). */
export interface QualityInterval {
  annotator: string;
  start: number;
  end: number;
  qualityClass: number;
}

/**
 * Parses `<id>_ANN.csv` text.
 * @throws EcgFormatError on a non-numeric cell or a class outside 1–3.
 */
export function parseButqdbAnnotations(text: string, file: string): QualityInterval[] {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  const out: QualityInterval[] = [];
  for (const [r, row] of rows.entries()) {
    for (let col = 0; col < row.length; col += 3) {
      const cells = row.slice(col, col + 3);
      if (cells.every((c) => c === '' || c === undefined)) {
        continue;
      }
      const [start, end, cls] = cells.map(Number);
      if (![start, end, cls].every(Number.isFinite) || ![1, 2, 3].includes(cls) || end < start) {
        throw new EcgFormatError(file, 'butqdb-ann', `row ${r + 1}, annotator ${col / 3 + 1}: expected start,end,class(1-3), got ${cells.join(',')}`);
      }
      out.push({ annotator: String.fromCharCode(65 + col / 3), start: start - 1, end, qualityClass: cls });
    }
  }
  return out;
}

/** Imports every `<id>/<id>_ECG.hea` record under `root` with its quality annotations. */
export async function importButqdb(project: ProjectDb, root: string, options: ImportOptions & { limit?: number } = {}): Promise<ImportSummary> {
  const abs = resolve(root);
  const name = options.datasetName ?? 'butqdb';
  const summary = newSummary(name, 'butqdb');
  const dataset = ensureDataset(project.db, name, 'butqdb', abs);
  const ids = readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(abs, e.name, `${e.name}_ECG.hea`)))
    .map((e) => e.name)
    .sort()
    .slice(0, options.limit ?? Infinity);
  for (const [i, id] of ids.entries()) {
    throwIfAborted(options.signal);
    const header = join(abs, id, `${id}_ECG.hea`);
    importWfdbHeader(
      project,
      dataset.id,
      header,
      (record) => {
        const annPath = join(abs, id, `${id}_ANN.csv`);
        const intervals = existsSync(annPath) ? parseButqdbAnnotations(readFileSync(annPath, 'utf8'), annPath) : [];
        const windows = record.info.fsHz ? segmentWindows(record.info.nSamples, record.info.fsHz) : [];
        return {
          naturalKey: id,
          labels: (segIds) => {
            const events: NewLabelEvent[] = [];
            for (const [key, segmentId] of segIds) {
              const w = windows[Number(key.split(':')[1])];
              const hits = intervals.filter((q) => q.start < w.endSample && q.end > w.startSample);
              const worstBy = new Map<string, number>();
              for (const h of hits) {
                worstBy.set(h.annotator, Math.max(worstBy.get(h.annotator) ?? 0, h.qualityClass));
              }
              for (const [annotator, cls] of worstBy) {
                events.push({ segmentId, kind: 'quality', value: `butqdb:${cls}`, source: `annotator:${name}-${annotator}` });
              }
              if (worstBy.size > 0) {
                events.push({ segmentId, kind: 'quality', value: `butqdb:${Math.max(...worstBy.values())}`, source: `dataset:${name}` });
              }
            }
            return events;
          },
        };
      },
      summary,
    );
    options.onProgress?.(i + 1, ids.length);
  }
  return summary;
}

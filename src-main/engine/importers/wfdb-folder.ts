/**
 * Importer `wfdb`: every WFDB record under a folder (recursive). Signal-quality annotations of an
 * annotation file beside the record (default `.atr`) become labels: in MIT-BIH files a `~`
 * (NOISE) annotation starts a stretch whose `subtype` is a bit mask — bit i (0–3) = signal i noisy,
 * bit 4+i = signal i unreadable, −1 = all signals unreadable, 0 = clean again — lasting until the
 * next `~` (WFDB annot(5) / ecgcodes.h). A segment overlapping a noisy stretch of its lead gets
 * the noise label 'noisy' (note 'unreadable' when so marked); the other segments of an annotated
 * record get 'clean'. Records without an annotation file are imported unlabelled.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { NewLabelEvent } from '../db/labels-repo';
import type { ProjectDb } from '../db/project-db';
import { ensureDataset } from '../db/records-repo';
import { segmentWindows } from '../dsp/segment';
import { parseWfdbHeader } from '../io/wfdb';
import type { EcgAnnotation, RecordInfo, SignalSource } from '../types';
import { importOneRecord, newSummary, throwIfAborted, type ImportOptions, type ImportSummary, type LabelBuilder } from './common';
import { openWfdbFromDisk, readAnnotationsFromDisk } from './record-source';

/** A noisy stretch of one lead, samples [start, end). */
export interface NoisyStretch {
  lead: number;
  start: number;
  end: number;
  unreadable: boolean;
}

/**
 * Noisy stretches per lead from `~` annotations (see the module header for the subtype mask).
 * @param nSamples - record length; an open stretch ends there.
 */
export function noisyStretches(annotations: EcgAnnotation[], nLeads: number, nSamples: number): NoisyStretch[] {
  const out: NoisyStretch[] = [];
  let open: { start: number; mask: number } | null = null;
  const close = (end: number): void => {
    if (!open || end <= open.start) {
      return;
    }
    for (let lead = 0; lead < nLeads; lead += 1) {
      const all = open.mask === -1;
      const noisy = all || (lead < 4 && (open.mask & (1 << lead)) !== 0);
      const unreadable = all || (lead < 4 && (open.mask & (1 << (lead + 4))) !== 0);
      if (noisy || unreadable) {
        out.push({ lead, start: open.start, end, unreadable });
      }
    }
  };
  for (const a of [...annotations].sort((x, y) => x.sample - y.sample)) {
    if (a.symbol !== '~') {
      continue;
    }
    close(a.sample);
    open = a.subtype === 0 ? null : { start: a.sample, mask: a.subtype };
  }
  close(nSamples);
  return out;
}

/** Label builder: 'noisy' on segments overlapping a stretch of their lead, 'clean' on the others. */
export function stretchLabels(stretches: NoisyStretch[], windows: Map<string, { start: number; end: number }>, source: string): LabelBuilder {
  return (segmentIds) => {
    const events: NewLabelEvent[] = [];
    for (const [key, segmentId] of segmentIds) {
      const lead = Number(key.split(':')[0]);
      const w = windows.get(key);
      if (!w) {
        continue;
      }
      const hits = stretches.filter((s) => s.lead === lead && s.start < w.end && s.end > w.start);
      if (hits.length === 0) {
        events.push({ segmentId, kind: 'noise', value: 'clean', source });
      } else {
        events.push({ segmentId, kind: 'noise', value: 'noisy', source, note: hits.some((h) => h.unreadable) ? 'unreadable' : '' });
      }
    }
    return events;
  };
}

/**
 * Header files under `root` (recursive, sorted), without the per-segment headers of multi-segment
 * records (they are read through their master header) and layout headers.
 */
export function findWfdbHeaders(root: string): string[] {
  const all: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.toLowerCase().endsWith('.hea')) {
        all.push(path);
      }
    }
  };
  walk(root);
  const segmentFiles = new Set<string>();
  for (const path of all) {
    try {
      const header = parseWfdbHeader(readFileSync(path, 'latin1'), path);
      for (const s of header.segments ?? []) {
        segmentFiles.add(join(path, '..', `${s.name}.hea`));
      }
    } catch {
      // A broken header is reported when the record is read.
    }
  }
  return all.filter((p) => !segmentFiles.has(p)).sort();
}

/** Segment windows of a record keyed like segment ids, from the stored windows of the importer. */
function windowMap(record: RecordInfo, windows: { index: number; startSample: number; endSample: number }[]): Map<string, { start: number; end: number }> {
  const m = new Map<string, { start: number; end: number }>();
  record.leadNames.forEach((_, lead) => {
    for (const w of windows) {
      m.set(`${lead}:${w.index}`, { start: w.startSample, end: w.endSample });
    }
  });
  return m;
}

/** Imports every WFDB record under `root` with its signal-quality labels. */
export async function importWfdbFolder(
  project: ProjectDb,
  root: string,
  options: ImportOptions & { annotator?: string; limit?: number } = {},
): Promise<ImportSummary> {
  const abs = resolve(root);
  const name = options.datasetName ?? basename(abs);
  const summary = newSummary(name, 'wfdb');
  const dataset = ensureDataset(project.db, name, 'wfdb', abs);
  const source = `dataset:${name}`;
  const ext = options.annotator ?? 'atr';
  const headers = findWfdbHeaders(abs).slice(0, options.limit ?? Infinity);
  for (const [i, header] of headers.entries()) {
    throwIfAborted(options.signal);
    const naturalKey = relative(abs, header).split(sep).join('/').replace(/\.hea$/i, '');
    let record: SignalSource;
    let labels: LabelBuilder | undefined;
    try {
      record = openWfdbFromDisk(header);
      const { info } = record;
      const annPath = header.replace(/\.hea$/i, `.${ext}`);
      try {
        if (existsSync(annPath) && info.fsHz) {
          const stretches = noisyStretches(readAnnotationsFromDisk(annPath), info.leadNames.length, info.nSamples);
          labels = stretchLabels(stretches, windowMap(info, segmentWindows(info.nSamples, info.fsHz)), source);
        }
      } catch (error) {
        record.close();
        throw error;
      }
    } catch (error) {
      summary.recordsSeen += 1;
      summary.skipped.push({ path: header, reason: error instanceof Error ? error.message : String(error) });
      options.onProgress?.(i + 1, headers.length);
      continue;
    }
    try {
      importOneRecord(project, dataset.id, { record, naturalKey, sourcePath: header, format: 'wfdb', labels }, summary);
    } finally {
      record.close();
    }
    options.onProgress?.(i + 1, headers.length);
  }
  return summary;
}

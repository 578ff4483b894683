/**
 * CSV / delimited-text reader: one column per lead, an optional header row of lead names, and an optional
 * time column from which the sampling rate is derived.
 *
 * Layout accepted:
 *   [time,]I,II,V1          ← optional header (any non-numeric cell makes row 1 a header)
 *   [0.000,]0.12,0.30,-0.05 ← one row per sample; delimiter sniffed among ',' ';' tab, else runs of spaces
 *
 * Rules (documented in README "Readers"):
 * - Time column: a header name like `time`, `t`, `seconds`, `sec`, `s`, `ms`, `time_ms`, `time (s)` in the
 *   first column; or, without a header, a first column that increases with a uniform step below 1 (seconds).
 *   Its step gives fsHz (ms-named columns are divided by 1000). A headerless first column 0,1,2,… is a sample
 *   index: dropped, fs unknown.
 * - Units: only from the header (`I (mV)`, `II [uV]`, `V1 (µV)`, `aVR (V)`); when every lead states one, values
 *   are converted to mV, else left raw with `unitsKnown: false`.
 * - Empty cells, text in numeric cells, ragged rows, NaN and Inf → EcgFormatError with line and column.
 */
import { parse } from 'csv-parse/sync';
import { EcgFormatError } from '../errors';
import type { EcgRecord } from '../types';
import { unitToMvScale } from './units';

/** Options for `readCsv`. */
export interface CsvReadOptions {
  /** Sampling rate to use when the file has no time column. */
  fsHz?: number;
  /** Record name (defaults to the file stem). */
  name?: string;
}

const DELIMITERS = [',', ';', '\t'] as const;
// Header cell of a time column, e.g. "time", "t", "Time (s)", "time_ms", "ms", "seconds"
const TIME_NAME_RE = /^(?:time|t|seconds|sec|s|ms|timestamp|elapsed)(?:[ _]?\(?(?<unit>s|ms|sec|seconds)\)?)?$/i;
// Header cell with units, e.g. "I (mV)", "II [uV]", "V1_mV"
const UNIT_RE = /^(?<name>.*?)\s*(?:[([]\s*(?<u1>[uµμ]?V|mV|nV)\s*[)\]]|_(?<u2>uV|mV))$/i;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i;

function stem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]*$/, '');
}

/** Picks the delimiter that splits the first lines into the same (> 1) number of fields. */
function sniffDelimiter(lines: string[]): string | 'whitespace' | null {
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length);
    if (counts[0] > 1 && counts.every((c) => c === counts[0])) {return d;}
  }
  const ws = lines.map((l) => l.trim().split(/\s+/).length);
  if (ws[0] > 1 && ws.every((c) => c === ws[0])) {return 'whitespace';}
  return null;
}

function isNumberCell(cell: string): boolean {
  return NUMBER_RE.test(cell) || NON_FINITE_RE.test(cell);
}

/**
 * Parses CSV/TSV text bytes into one record.
 *
 * @throws EcgFormatError on an empty file, no data rows, ragged rows, non-numeric / empty / NaN / Inf cells,
 *   a time column that does not increase uniformly, or fewer than 2 samples
 */
export function readCsv(bytes: Uint8Array, file: string, opts: CsvReadOptions = {}): EcgRecord {
  const fail = (problem: string): never => {
    throw new EcgFormatError(file, 'csv', problem);
  };
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) {text = text.slice(1);}
  if (text.includes('\u0000')) {fail('binary data in a text file (NUL byte)');}
  const firstLines = text
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0 && !l.startsWith('#'))
    .slice(0, 5);
  if (firstLines.length === 0) {fail('empty file: no rows');}
  const delimiter = sniffDelimiter(firstLines) ?? ',';
  if (delimiter === 'whitespace') {text = text.replace(/^[ \t]+/gm, '').replace(/[ \t]+/g, '\t');}

  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter: delimiter === 'whitespace' ? '\t' : delimiter,
      skip_empty_lines: true,
      comment: '#',
      trim: true,
    }) as string[][];
  } catch (error) {
    const err = error as { code?: string; lines?: number; message?: string };
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      return fail(`ragged rows: line ${err.lines} has a different number of columns than the first row`);
    }
    return fail(`cannot parse as CSV: ${err.message ?? String(error)}`);
  }

  const hasHeader = rows[0].some((c) => !isNumberCell(c));
  const header = hasHeader ? rows[0] : null;
  const body = hasHeader ? rows.slice(1) : rows;
  const firstDataLine = hasHeader ? 2 : 1;
  const nCols = rows[0].length;
  if (body.length < 2) {fail(`only ${body.length} data row(s): need at least 2 samples`);}

  // Column-major numeric matrix; every cell must be a finite number.
  const columns = Array.from({ length: nCols }, () => new Float64Array(body.length));
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    for (let c = 0; c < nCols; c++) {
      const cell = row[c];
      const where = `line ${r + firstDataLine}, column ${c + 1}${header ? ` ('${header[c]}')` : ''}`;
      if (cell === '') {fail(`empty cell at ${where}`);}
      if (!NUMBER_RE.test(cell)) {
        if (NON_FINITE_RE.test(cell)) {fail(`${cell} at ${where} (sample ${r}): non-finite values are not accepted`);}
        fail(`text '${cell.slice(0, 20)}' in numeric column at ${where}`);
      }
      columns[c][r] = Number(cell);
    }
  }

  // Time column
  let fsHz: number | null = null;
  let timeColumn: string | null = null;
  let firstLead = 0;
  const headerTime = header ? TIME_NAME_RE.exec(header[0].trim()) : null;
  if (headerTime && nCols > 1) {
    const name = header![0].trim().toLowerCase();
    const unitIsMs = headerTime.groups?.unit?.toLowerCase() === 'ms' || /^(ms|time_?ms)$/.test(name);
    fsHz = fsFromTime(columns[0], unitIsMs ? 1000 : 1, fail);
    timeColumn = header![0];
    firstLead = 1;
  } else if (!header && nCols > 1) {
    const t = columns[0];
    const step = t[1] - t[0];
    if (isUniform(t) && step > 0 && step < 1) {
      fsHz = fsFromTime(t, 1, fail);
      timeColumn = 'column 1 (seconds)';
      firstLead = 1;
    } else if (isUniform(t) && step === 1 && Number.isInteger(t[0])) {
      timeColumn = 'column 1 (sample index)';
      firstLead = 1;
    }
  }
  if (fsHz === null && opts.fsHz !== undefined) {fsHz = opts.fsHz;}

  const leadHeaders = header ? header.slice(firstLead) : null;
  const leadNames: string[] = [];
  const sourceUnits: string[] = [];
  const scales: number[] = [];
  for (let c = firstLead; c < nCols; c++) {
    const cell = leadHeaders ? leadHeaders[c - firstLead].trim() : '';
    const m = UNIT_RE.exec(cell);
    const unit = m?.groups ? (m.groups.u1 ?? m.groups.u2) : undefined;
    const scale = unit ? unitToMvScale(unit) : null;
    leadNames.push((m?.groups?.name || cell || `lead${c - firstLead}`).trim());
    sourceUnits.push(unit && scale !== null ? unit : 'unknown');
    scales.push(scale ?? NaN);
  }
  const unitsKnown = scales.every((s) => Number.isFinite(s));
  const signals = columns.slice(firstLead).map((col, i) => {
    if (!unitsKnown || scales[i] === 1) {return col;}
    return col.map((v) => v * scales[i]);
  });

  return {
    source: file,
    name: opts.name ?? stem(file),
    format: 'csv',
    fsHz,
    leadNames,
    signals,
    unitsKnown,
    sourceUnits,
    metadata: { delimiter: delimiter === '\t' ? 'tab' : delimiter, hasHeader, timeColumn },
  };
}

/** True when successive differences agree within 1% of the mean step (timestamps are often rounded). */
function isUniform(t: Float64Array): boolean {
  const n = t.length;
  const mean = (t[n - 1] - t[0]) / (n - 1);
  if (!(mean > 0)) {return false;}
  for (let i = 1; i < n; i++) {
    if (Math.abs(t[i] - t[i - 1] - mean) > 0.01 * mean) {return false;}
  }
  return true;
}

function fsFromTime(t: Float64Array, perSecond: number, fail: (p: string) => never): number {
  const n = t.length;
  const meanStep = (t[n - 1] - t[0]) / (n - 1);
  if (!(meanStep > 0)) {
    return fail(`time column does not increase (step ${meanStep}): sampling rate would be 0 Hz or negative`);
  }
  if (!isUniform(t)) {fail('time column is not uniformly spaced: cannot derive one sampling rate');}
  return perSecond / meanStep;
}

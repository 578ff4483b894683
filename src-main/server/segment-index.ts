/**
 * In-memory columnar index of a project's lead-segments for one model: filters, sorts and
 * histograms 260k rows in tens of milliseconds so the table never waits on SQL.
 */
import { EngineError } from '../engine/errors';
import type { OverviewWindow } from '../engine/project/record-overview';
import { currentLabelsOf, disagreementDb, labelGroupOf, type LabelGroup } from '../../src-shared/labels';
import type { Histogram, SegmentFilter, SegmentRow, SegmentSort } from '../../src-shared/ipc-contract';
import type { DatasetRow } from '../../src-shared/types';
import type { RecordFacts, SegmentFacts } from './store';

const GROUP_CODE: Record<LabelGroup, number> = { clean: 0, noisy: 1, unlabelled: 2 };

/** Positions are packed below this factor in sort keys (2²¹ > the largest index we hold). */
const POSITION_SPAN = 2 ** 21;
/** Quantised sort keys are below this; missing values take it, so they sort last. */
const SORT_MISSING = 4e9;

/** PSNR histogram range and bin width (dB) for the table's mini histogram. */
export const HIST_MIN_DB = 0;
export const HIST_MAX_DB = 50;
export const HIST_BIN_DB = 1;

/** A columnar view of segments: position p describes one segment. */
export class SegmentIndex {
  readonly size: number;
  readonly modelId: string | null;
  private readonly ids: Int32Array;
  private readonly datasetIds: Int32Array;
  private readonly recordIds: Int32Array;
  private readonly leadIndex: Int16Array;
  private readonly windowIndex: Int32Array;
  private readonly startSample: Int32Array;
  private readonly endSample: Int32Array;
  private readonly folds: Int16Array;
  private readonly psnr: Float64Array;
  private readonly ssim: Float64Array;
  private readonly leadCodes: Uint16Array;
  private readonly datasetLabelCodes: Uint16Array;
  private readonly annotatorLabelCodes: Int32Array;
  private readonly annotatorCodes: Int32Array;
  private readonly groups: Uint8Array;
  private readonly positionById = new Map<number, number>();
  /** Interned strings: lead names, label sets (joined by '|'), annotator labels, annotators. */
  private readonly leadNames: string[] = [];
  private readonly labelSets: string[][] = [];
  private readonly words: string[] = [];
  private readonly records = new Map<number, RecordFacts>();
  private readonly datasets = new Map<number, DatasetRow>();
  private readonly recordNameLower = new Map<number, string>();
  /** Rank of each record by name (natural order: 'rec2' before 'rec10'), for numeric sorting. */
  private readonly recordRank = new Map<number, number>();
  /** Positions `[first, end)` of each record's segments (they are loaded record by record). */
  private readonly recordSpans = new Map<number, [number, number]>();

  constructor(segments: SegmentFacts[], records: RecordFacts[], datasets: DatasetRow[], modelId: string | null) {
    const n = segments.length;
    if (n >= POSITION_SPAN) {
      throw new EngineError('invalid-input', `a project of ${n} segments exceeds the workstation's index (${POSITION_SPAN - 1})`);
    }
    this.size = n;
    this.modelId = modelId;
    this.ids = new Int32Array(n);
    this.datasetIds = new Int32Array(n);
    this.recordIds = new Int32Array(n);
    this.leadIndex = new Int16Array(n);
    this.windowIndex = new Int32Array(n);
    this.startSample = new Int32Array(n);
    this.endSample = new Int32Array(n);
    this.folds = new Int16Array(n);
    this.psnr = new Float64Array(n);
    this.ssim = new Float64Array(n);
    this.leadCodes = new Uint16Array(n);
    this.datasetLabelCodes = new Uint16Array(n);
    this.annotatorLabelCodes = new Int32Array(n);
    this.annotatorCodes = new Int32Array(n);
    this.groups = new Uint8Array(n);
    for (const record of records) {
      this.records.set(record.id, record);
      this.recordNameLower.set(record.id, record.name.toLowerCase());
    }
    const collator = new Intl.Collator('en', { numeric: true });
    [...records].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id).forEach((r, rank) => this.recordRank.set(r.id, rank));
    for (const dataset of datasets) {
      this.datasets.set(dataset.id, dataset);
    }
    const leadCode = new Map<string, number>();
    const setCode = new Map<string, number>();
    segments.forEach((s, p) => {
      this.ids[p] = s.id;
      this.positionById.set(s.id, p);
      this.datasetIds[p] = s.datasetId;
      this.recordIds[p] = s.recordId;
      this.leadIndex[p] = s.leadIndex;
      this.windowIndex[p] = s.index;
      this.startSample[p] = s.startSample;
      this.endSample[p] = s.endSample;
      this.folds[p] = s.fold ?? -1;
      this.psnr[p] = s.psnr ?? Number.NaN;
      this.ssim[p] = s.ssim ?? Number.NaN;
      this.leadCodes[p] = intern(leadCode, this.leadNames, s.lead);
      const setKey = [...s.datasetLabels].sort().join('|');
      let code = setCode.get(setKey);
      if (code === undefined) {
        code = this.labelSets.length;
        this.labelSets.push(setKey === '' ? [] : setKey.split('|'));
        setCode.set(setKey, code);
      }
      this.datasetLabelCodes[p] = code;
      this.setAnnotator(p, s.annotatorLabel, s.annotator);
      const span = this.recordSpans.get(s.recordId);
      this.recordSpans.set(s.recordId, [span ? span[0] : p, p + 1]);
    });
  }

  /** Updates the annotator label of one segment in place (after a relabel). */
  updateAnnotatorLabel(segmentId: number, label: string | null, annotator: string | null): void {
    const p = this.positionById.get(segmentId);
    if (p !== undefined) {
      this.setAnnotator(p, label, annotator);
    }
  }

  /** Distinct leads (in lead order), folds and current labels present, for filter controls. */
  facets(): { leads: string[]; folds: number[]; labels: string[] } {
    const leadOrder = new Map<string, number>();
    const folds = new Set<number>();
    const labels = new Set<string>();
    const seenSets = new Set<string>();
    for (let p = 0; p < this.size; p++) {
      const lead = this.leadNames[this.leadCodes[p]];
      if (!leadOrder.has(lead)) {
        leadOrder.set(lead, this.leadIndex[p]);
      }
      if (this.folds[p] >= 0) {
        folds.add(this.folds[p]);
      }
      const key = `${this.datasetLabelCodes[p]}:${this.annotatorLabelCodes[p]}`;
      if (!seenSets.has(key)) {
        seenSets.add(key);
        const current = this.currentLabelsAt(p);
        current.forEach((l) => labels.add(l));
        if (current.length === 0) {
          labels.add('unlabelled');
        }
      }
    }
    return {
      leads: [...leadOrder.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([l]) => l),
      folds: [...folds].sort((a, b) => a - b),
      labels: [...labels].sort(),
    };
  }

  /** Whether a segment id is in this index. */
  has(segmentId: number): boolean {
    return this.positionById.has(segmentId);
  }

  /** Positions matching `filter` (unsorted, ascending position). */
  filter(filter: SegmentFilter): Int32Array {
    const out = new Int32Array(this.size);
    let count = 0;
    const datasetSet = filter.datasetIds ? new Set(filter.datasetIds) : null;
    const leadSet = filter.leads ? new Set(filter.leads) : null;
    const foldSet = filter.folds ? new Set(filter.folds) : null;
    const labelSet = filter.labels ? new Set(filter.labels) : null;
    const group = filter.labelGroup === undefined ? -1 : GROUP_CODE[filter.labelGroup];
    const psnrMin = filter.psnrMin ?? -Infinity;
    const psnrMax = filter.psnrMax ?? Infinity;
    const psnrBounded = filter.psnrMin !== undefined || filter.psnrMax !== undefined;
    const text = filter.text?.trim().toLowerCase() ?? '';
    const threshold = filter.threshold ?? 24;
    for (let p = 0; p < this.size; p++) {
      if (datasetSet && !datasetSet.has(this.datasetIds[p])) {
        continue;
      }
      if (leadSet && !leadSet.has(this.leadNames[this.leadCodes[p]])) {
        continue;
      }
      if (foldSet && !foldSet.has(this.folds[p])) {
        continue;
      }
      const psnr = this.psnr[p];
      if (psnrBounded && !(psnr >= psnrMin && psnr <= psnrMax)) {
        continue;
      }
      if (filter.predicted !== undefined && (Number.isNaN(psnr) || (psnr <= threshold) !== (filter.predicted === 'noisy'))) {
        continue;
      }
      if (filter.scored !== undefined && filter.scored === Number.isNaN(psnr)) {
        continue;
      }
      if (group >= 0 && this.groups[p] !== group) {
        continue;
      }
      if (labelSet && !this.matchesLabels(p, labelSet)) {
        continue;
      }
      if (filter.disagreement && !(this.disagreement(p, threshold) > 0)) {
        continue;
      }
      if (text && !(this.recordNameLower.get(this.recordIds[p]) ?? '').includes(text)) {
        continue;
      }
      out[count++] = p;
    }
    return out.slice(0, count);
  }

  /**
   * Sorts positions by `sort`; ties keep index order, missing values (NaN) go last in both
   * directions. Numeric keys are quantised and packed with the position into one float64
   * (key · 2²¹ + position, exact below 2⁵³), so a plain typed-array sort does the work.
   */
  sort(positions: Int32Array, sort: SegmentSort): Int32Array {
    const keyOf = this.sortKey(sort.key);
    if (keyOf.kind === 'string') {
      const dir = sort.dir === 'asc' ? 1 : -1;
      const strings = new Map<number, string>();
      for (const p of positions) {
        strings.set(p, keyOf.get(p));
      }
      return Int32Array.from(positions).sort((a, b) => {
        const sa = strings.get(a) as string;
        const sb = strings.get(b) as string;
        return (sa < sb ? -1 : sa > sb ? 1 : 0) * dir || a - b;
      });
    }
    const packed = new Float64Array(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      let q = keyOf.quantize(keyOf.get(p));
      if (q < SORT_MISSING) {
        q = sort.dir === 'asc' ? q : SORT_MISSING - 1 - q;
      }
      packed[i] = q * POSITION_SPAN + p;
    }
    packed.sort();
    const out = new Int32Array(positions.length);
    for (let i = 0; i < packed.length; i++) {
      out[i] = packed[i] % POSITION_SPAN;
    }
    // Values closer than the quantum share a key: order each such (short) run exactly.
    const dir = sort.dir === 'asc' ? 1 : -1;
    for (let i = 0; i < packed.length; ) {
      const bucket = Math.floor(packed[i] / POSITION_SPAN);
      let j = i + 1;
      while (j < packed.length && Math.floor(packed[j] / POSITION_SPAN) === bucket) {
        j++;
      }
      if (j - i > 1 && bucket < SORT_MISSING && !keyOf.exact) {
        out.subarray(i, j).sort((a, b) => (keyOf.get(a) - keyOf.get(b)) * dir || a - b);
      }
      i = j;
    }
    return out;
  }

  /** PSNR histogram (dB bins of HIST_BIN_DB from HIST_MIN_DB to HIST_MAX_DB, clamped) of positions. */
  histogram(positions: Int32Array): Histogram {
    const bins = Math.round((HIST_MAX_DB - HIST_MIN_DB) / HIST_BIN_DB);
    const counts = new Array<number>(bins).fill(0);
    for (const p of positions) {
      const v = this.psnr[p];
      if (Number.isNaN(v)) {
        continue;
      }
      const b = Math.min(bins - 1, Math.max(0, Math.floor((v - HIST_MIN_DB) / HIST_BIN_DB)));
      counts[b] += 1;
    }
    const edges = Array.from({ length: bins + 1 }, (_, i) => HIST_MIN_DB + i * HIST_BIN_DB);
    return { edges, counts };
  }

  /** Segment ids at positions. */
  idsAt(positions: Int32Array): number[] {
    return Array.from(positions, (p) => this.ids[p]);
  }

  /** Table rows for segment ids (unknown ids are skipped). */
  rows(ids: number[]): SegmentRow[] {
    const out: SegmentRow[] = [];
    for (const id of ids) {
      const p = this.positionById.get(id);
      if (p !== undefined) {
        out.push(this.rowAt(p));
      }
    }
    return out;
  }

  /** Row of one segment, or null when absent. */
  row(segmentId: number): SegmentRow | null {
    const p = this.positionById.get(segmentId);
    return p === undefined ? null : this.rowAt(p);
  }

  /** Facts of a record, or null. */
  record(recordId: number): RecordFacts | null {
    return this.records.get(recordId) ?? null;
  }

  /** Every lead-window of a record with this index's PSNR (the record overview's strip). */
  recordWindows(recordId: number): OverviewWindow[] {
    const [first, end] = this.recordSpans.get(recordId) ?? [0, 0];
    const out: OverviewWindow[] = [];
    for (let p = first; p < end; p++) {
      out.push({
        segmentId: this.ids[p],
        leadIndex: this.leadIndex[p],
        index: this.windowIndex[p],
        startSample: this.startSample[p],
        endSample: this.endSample[p],
        psnr: Number.isNaN(this.psnr[p]) ? null : this.psnr[p],
      });
    }
    return out;
  }

  /** Ids of segments with the same record and window (one per lead), by lead index. */
  siblings(segmentId: number): Map<number, number> {
    const p = this.positionById.get(segmentId);
    const out = new Map<number, number>();
    if (p === undefined) {
      return out;
    }
    const record = this.recordIds[p];
    const window = this.windowIndex[p];
    // Segments of a record are contiguous in import order; scan outward from p.
    for (let q = p; q >= 0 && this.recordIds[q] === record; q--) {
      if (this.windowIndex[q] === window) {
        out.set(this.leadIndex[q], this.ids[q]);
      }
    }
    for (let q = p + 1; q < this.size && this.recordIds[q] === record; q++) {
      if (this.windowIndex[q] === window) {
        out.set(this.leadIndex[q], this.ids[q]);
      }
    }
    return out;
  }

  /** Positions of scored segments in a label group, with their PSNR. */
  psnrByGroup(): { clean: number[]; noisy: number[]; byLabel: Map<string, number[]> } {
    const clean: number[] = [];
    const noisy: number[] = [];
    const byLabel = new Map<string, number[]>();
    for (let p = 0; p < this.size; p++) {
      const v = this.psnr[p];
      if (Number.isNaN(v)) {
        continue;
      }
      if (this.groups[p] === GROUP_CODE.clean) {
        clean.push(v);
      } else if (this.groups[p] === GROUP_CODE.noisy) {
        noisy.push(v);
      }
      for (const label of this.currentLabelsAt(p)) {
        const list = byLabel.get(label) ?? [];
        list.push(v);
        byLabel.set(label, list);
      }
    }
    return { clean, noisy, byLabel };
  }

  /** Disagreement (dB) of the segment at position p with a threshold. */
  disagreement(p: number, thresholdDb: number): number {
    const v = this.psnr[p];
    return disagreementDb(groupName(this.groups[p]), Number.isNaN(v) ? null : v, thresholdDb);
  }

  private setAnnotator(p: number, label: string | null, annotator: string | null): void {
    this.annotatorLabelCodes[p] = label === null ? -1 : this.word(label);
    this.annotatorCodes[p] = annotator === null ? -1 : this.word(annotator);
    this.groups[p] = GROUP_CODE[labelGroupOf(this.currentLabelsAt(p))];
  }

  private word(value: string): number {
    let code = this.words.indexOf(value);
    if (code < 0) {
      code = this.words.push(value) - 1;
    }
    return code;
  }

  private currentLabelsAt(p: number): string[] {
    const code = this.annotatorLabelCodes[p];
    return currentLabelsOf(this.labelSets[this.datasetLabelCodes[p]], code < 0 ? null : this.words[code]);
  }

  private matchesLabels(p: number, wanted: Set<string>): boolean {
    const labels = this.currentLabelsAt(p);
    if (labels.length === 0) {
      return wanted.has('unlabelled');
    }
    return labels.some((l) => wanted.has(l));
  }

  private sortKey(
    key: SegmentSort['key'],
  ):
    | { kind: 'number'; get: (p: number) => number; quantize: (v: number) => number; exact: boolean }
    | { kind: 'string'; get: (p: number) => string } {
    // Integer keys are used as they are; PSNR to 1e-6 dB, SSIM to 1e-9 (both ample for display).
    const integer = (v: number): number => (Number.isNaN(v) ? SORT_MISSING : Math.min(SORT_MISSING - 1, Math.max(0, v)));
    const scaled =
      (offset: number, scale: number) =>
      (v: number): number =>
        Number.isNaN(v) ? SORT_MISSING : Math.min(SORT_MISSING - 1, Math.max(0, Math.round((v + offset) * scale)));
    switch (key) {
      case 'psnr':
        return { kind: 'number', get: (p) => this.psnr[p], quantize: scaled(1000, 1e6), exact: false };
      case 'ssim':
        return { kind: 'number', get: (p) => this.ssim[p], quantize: scaled(1, 1e9), exact: false };
      case 'lead':
        return { kind: 'number', get: (p) => this.leadIndex[p], quantize: integer, exact: true };
      case 'time':
        return { kind: 'number', get: (p) => this.windowIndex[p], quantize: integer, exact: true };
      case 'dataset':
        return { kind: 'number', get: (p) => this.datasetIds[p], quantize: integer, exact: true };
      case 'label':
        return { kind: 'string', get: (p) => this.currentLabelsAt(p).join(',') };
      case 'record':
      default:
        return { kind: 'number', get: (p) => this.recordRank.get(this.recordIds[p]) ?? Number.NaN, quantize: integer, exact: true };
    }
  }

  private rowAt(p: number): SegmentRow {
    const record = this.records.get(this.recordIds[p]);
    const fsHz = record?.fsHz ?? 1;
    const annotatorCode = this.annotatorCodes[p];
    const labelCode = this.annotatorLabelCodes[p];
    const datasetLabels = this.labelSets[this.datasetLabelCodes[p]];
    const annotatorLabel = labelCode < 0 ? null : this.words[labelCode];
    const psnr = this.psnr[p];
    const ssim = this.ssim[p];
    const flags: string[] = [];
    if (annotatorLabel !== null && datasetLabels.length > 0 && !datasetLabels.includes(annotatorLabel)) {
      flags.push('relabelled');
    }
    if (this.disagreement(p, 24) > 0) {
      flags.push('disagrees@24dB');
    }
    return {
      id: this.ids[p],
      datasetId: this.datasetIds[p],
      dataset: this.datasets.get(this.datasetIds[p])?.name ?? String(this.datasetIds[p]),
      recordId: this.recordIds[p],
      record: record?.name ?? String(this.recordIds[p]),
      lead: this.leadNames[this.leadCodes[p]],
      leadIndex: this.leadIndex[p],
      index: this.windowIndex[p],
      startS: this.startSample[p] / fsHz,
      endS: this.endSample[p] / fsHz,
      fold: this.folds[p] < 0 ? null : this.folds[p],
      datasetLabels: [...datasetLabels],
      annotatorLabel,
      annotator: annotatorCode < 0 ? null : this.words[annotatorCode],
      currentLabels: this.currentLabelsAt(p),
      psnr: Number.isNaN(psnr) ? null : psnr,
      ssim: Number.isNaN(ssim) ? null : ssim,
      flags,
    };
  }
}

function groupName(code: number): LabelGroup {
  return code === 0 ? 'clean' : code === 1 ? 'noisy' : 'unlabelled';
}

function intern(map: Map<string, number>, list: string[], value: string): number {
  let code = map.get(value);
  if (code === undefined) {
    code = list.push(value) - 1;
    map.set(value, code);
  }
  return code;
}

/**
 * The current labels of every segment, folded from the append-only label log: a label holds under
 * a source while its latest event asserts it. Events are applied in id order and may arrive in
 * several batches (the log only grows), so the fold is kept up to date with what was appended.
 * Built for 260k-segment projects: most segments hold one label, kept in a typed array; the few
 * with more sit in a map.
 */
import type { LabelEventColumns } from './facts-loader';

const DATASET_PREFIX = 'dataset:';
const ANNOTATOR_PREFIX = 'annotator:';
/** A (source, value) pair packed into one number: source code · 2¹⁶ + value code. */
const PACK = 65536;

/** A segment's latest annotator label (several values joined by '+') and who set it. */
export interface AnnotatorLabel {
  value: string;
  annotator: string;
}

/** Label source of an annotator name (spaces become underscores: sources have no blanks). */
export function annotatorSource(annotator: string): string {
  return `${ANNOTATOR_PREFIX}${annotator.trim().replace(/\s+/g, '_')}`;
}

/** Interns strings as small integer codes. */
class Codes {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  private lastText: string | null = null;
  private lastCode = -1;

  code(text: string): number {
    if (text === this.lastText) {
      return this.lastCode;
    }
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.list.push(text) - 1;
      this.index.set(text, code);
    }
    this.lastText = text;
    this.lastCode = code;
    return code;
  }

  find(text: string): number | undefined {
    return this.index.get(text);
  }
}

/** The current labels of every segment under every source. */
export class LabelFold {
  /** Id of the last event applied. */
  lastEventId = 0;
  private readonly sources = new Codes();
  private readonly values = new Codes();
  /** Per source code: 1 = dataset, 2 = annotator, 0 = other. */
  private readonly sourceKind: number[] = [];
  /** Per segment id: the one held packed pair + 1 (0 = none or several, see {@link several}). */
  private single = new Int32Array(1024);
  /** Segments holding several pairs. */
  private readonly several = new Map<number, number[]>();
  /** Per segment id: code of its dataset label set in {@link datasetSets} (0 = the empty set). */
  private datasetSetCode = new Int32Array(1024);
  /** Interned dataset label sets (sorted values), by their '|'-joined key. */
  private readonly datasetSets: string[][] = [[]];
  private readonly datasetSetIndex = new Map<string, number>([['', 0]]);
  /** Dataset set code of each packed pair held alone (0 when its source is not a dataset), filled on demand. */
  private readonly singleSetCode = new Map<number, number>();
  /** Per segment id with annotator events: annotator source codes, least recently active first. */
  private readonly annotatorRecency = new Map<number, number[]>();

  /**
   * Applies events (in id order) appended after the last ones applied.
   * @returns the ids of the segments whose labels may have changed (repeats possible).
   */
  apply(events: LabelEventColumns): number[] {
    const changed: number[] = [];
    for (let i = 0; i < events.segmentIds.length; i++) {
      const segmentId = events.segmentIds[i];
      const source = this.sourceCode(events.sources[i]);
      const packed = source * PACK + this.values.code(events.values[i]);
      this.ensureCapacity(segmentId);
      this.set(segmentId, packed, events.present[i] === 1);
      if (this.sourceKind[source] === 2) {
        const recency = this.annotatorRecency.get(segmentId) ?? [];
        const previous = recency.indexOf(source);
        if (previous >= 0) {
          recency.splice(previous, 1);
        }
        recency.push(source);
        this.annotatorRecency.set(segmentId, recency);
      }
      this.datasetSetCode[segmentId] = this.computeDatasetSet(segmentId);
      changed.push(segmentId);
    }
    this.lastEventId = Math.max(this.lastEventId, events.lastId);
    return changed;
  }

  /** Code of the segment's dataset label set (see {@link datasetSet}); 0 is the empty set. */
  datasetSetOf(segmentId: number): number {
    return segmentId < this.datasetSetCode.length ? this.datasetSetCode[segmentId] : 0;
  }

  /** The dataset label set of a code: the union of the labels under every `dataset:` source, sorted. */
  datasetSet(code: number): readonly string[] {
    return this.datasetSets[code];
  }

  /** The union of the segment's current labels under every `dataset:` source, sorted. */
  datasetLabels(segmentId: number): string[] {
    return [...this.datasetSets[this.datasetSetOf(segmentId)]];
  }

  /** The current labels of a segment under one source, sorted. */
  labelsOf(segmentId: number, source: string): string[] {
    const code = this.sources.find(source);
    if (code === undefined) {
      return [];
    }
    return this.held(segmentId)
      .filter((packed) => Math.floor(packed / PACK) === code)
      .map((packed) => this.values.list[packed % PACK])
      .sort();
  }

  /** The label of the most recently active annotator who still has one on the segment, or null. */
  annotatorLabel(segmentId: number): AnnotatorLabel | null {
    const recency = this.annotatorRecency.get(segmentId);
    if (!recency) {
      return null;
    }
    for (let k = recency.length - 1; k >= 0; k--) {
      const source = this.sources.list[recency[k]];
      const values = this.labelsOf(segmentId, source);
      if (values.length > 0) {
        return { value: values.join('+'), annotator: source.slice(ANNOTATOR_PREFIX.length) };
      }
    }
    return null;
  }

  /** Annotator names with at least one event, sorted. */
  annotators(): string[] {
    return this.sources.list
      .filter((s) => s.startsWith(ANNOTATOR_PREFIX))
      .map((s) => s.slice(ANNOTATOR_PREFIX.length))
      .sort();
  }

  /**
   * rater → (segment id → current label, values joined by '+') for every annotator (by name) and
   * every other source (as written, e.g. `dataset:<name>`): the table inter-rater agreement reads.
   */
  raterTable(): Map<string, Map<number, string>> {
    const table = new Map<string, Map<number, string>>();
    for (let segmentId = 0; segmentId < this.single.length; segmentId++) {
      const bySource = new Map<number, string[]>();
      for (const packed of this.held(segmentId)) {
        const source = Math.floor(packed / PACK);
        bySource.set(source, [...(bySource.get(source) ?? []), this.values.list[packed % PACK]]);
      }
      for (const [code, values] of bySource) {
        const source = this.sources.list[code];
        const rater = this.sourceKind[code] === 2 ? source.slice(ANNOTATOR_PREFIX.length) : source;
        const map = table.get(rater) ?? new Map<number, string>();
        map.set(segmentId, values.sort().join('+'));
        table.set(rater, map);
      }
    }
    return table;
  }

  private sourceCode(source: string): number {
    const code = this.sources.code(source);
    if (this.sourceKind[code] === undefined) {
      this.sourceKind[code] = source.startsWith(DATASET_PREFIX) ? 1 : source.startsWith(ANNOTATOR_PREFIX) ? 2 : 0;
    }
    return code;
  }

  private held(segmentId: number): number[] {
    const many = this.several.get(segmentId);
    if (many) {
      return many;
    }
    const one = segmentId < this.single.length ? this.single[segmentId] : 0;
    return one > 0 ? [one - 1] : [];
  }

  /** Asserts (present) or retracts a packed pair on a segment. */
  private set(segmentId: number, packed: number, present: boolean): void {
    const many = this.several.get(segmentId);
    if (many) {
      const at = many.indexOf(packed);
      if (present && at < 0) {
        many.push(packed);
      } else if (!present && at >= 0) {
        many.splice(at, 1);
      }
      if (many.length <= 1) {
        this.several.delete(segmentId);
        this.single[segmentId] = many.length === 1 ? many[0] + 1 : 0;
      }
      return;
    }
    const one = this.single[segmentId];
    if (present && one === 0) {
      this.single[segmentId] = packed + 1;
    } else if (present && one !== packed + 1) {
      this.single[segmentId] = 0;
      this.several.set(segmentId, [one - 1, packed]);
    } else if (!present && one === packed + 1) {
      this.single[segmentId] = 0;
    }
  }

  private computeDatasetSet(segmentId: number): number {
    const one = this.single[segmentId];
    if (one > 0 && !this.several.has(segmentId)) {
      // Fast path: the segment holds one pair; its set is cached per pair.
      let code = this.singleSetCode.get(one - 1);
      if (code === undefined) {
        code = this.sourceKind[Math.floor((one - 1) / PACK)] === 1 ? this.internSet([this.values.list[(one - 1) % PACK]]) : 0;
        this.singleSetCode.set(one - 1, code);
      }
      return code;
    }
    const values = new Set<string>();
    for (const packed of this.held(segmentId)) {
      if (this.sourceKind[Math.floor(packed / PACK)] === 1) {
        values.add(this.values.list[packed % PACK]);
      }
    }
    return this.internSet([...values].sort());
  }

  private internSet(sorted: string[]): number {
    const key = sorted.join('|');
    let code = this.datasetSetIndex.get(key);
    if (code === undefined) {
      code = this.datasetSets.push(sorted) - 1;
      this.datasetSetIndex.set(key, code);
    }
    return code;
  }

  private ensureCapacity(segmentId: number): void {
    if (segmentId < this.single.length) {
      return;
    }
    let size = this.single.length;
    while (size <= segmentId) {
      size *= 2;
    }
    const single = new Int32Array(size);
    single.set(this.single);
    this.single = single;
    const sets = new Int32Array(size);
    sets.set(this.datasetSetCode);
    this.datasetSetCode = sets;
  }
}

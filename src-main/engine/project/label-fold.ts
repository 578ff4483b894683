/**
 * The current labels of every segment, folded from the append-only label log: a label holds under
 * a source while its latest event asserts it. Events are applied in id order and may arrive in
 * several batches (the log only grows), so the fold is kept up to date with what was appended.
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

/** The current labels of every segment under every source. */
export class LabelFold {
  /** Id of the last event applied. */
  lastEventId = 0;
  private readonly sources: string[] = [];
  private readonly values: string[] = [];
  private readonly sourceCode = new Map<string, number>();
  private readonly valueCode = new Map<string, number>();
  /** Per segment id: packed (source, value) pairs that currently hold. */
  private readonly current: (number[] | undefined)[] = [];
  /** Per segment id with annotator events: annotator source codes, least recently active first. */
  private readonly annotatorRecency = new Map<number, number[]>();

  /**
   * Applies events (in id order) appended after the last ones applied.
   * @returns the ids of the segments whose labels may have changed.
   */
  apply(events: LabelEventColumns): Set<number> {
    const changed = new Set<number>();
    for (let i = 0; i < events.segmentIds.length; i++) {
      const segmentId = events.segmentIds[i];
      const source = this.code(this.sourceCode, this.sources, events.sources[i]);
      const packed = source * PACK + this.code(this.valueCode, this.values, events.values[i]);
      let held = this.current[segmentId];
      if (held === undefined) {
        held = [];
        this.current[segmentId] = held;
      }
      const at = held.indexOf(packed);
      if (events.present[i] === 1 && at < 0) {
        held.push(packed);
      } else if (events.present[i] !== 1 && at >= 0) {
        held.splice(at, 1);
      }
      if (this.sources[source].startsWith(ANNOTATOR_PREFIX)) {
        const recency = this.annotatorRecency.get(segmentId) ?? [];
        const previous = recency.indexOf(source);
        if (previous >= 0) {
          recency.splice(previous, 1);
        }
        recency.push(source);
        this.annotatorRecency.set(segmentId, recency);
      }
      changed.add(segmentId);
    }
    this.lastEventId = Math.max(this.lastEventId, events.lastId);
    return changed;
  }

  /** The union of the segment's current labels under every `dataset:` source, sorted. */
  datasetLabels(segmentId: number): string[] {
    const out = new Set<string>();
    for (const packed of this.current[segmentId] ?? []) {
      if (this.sources[Math.floor(packed / PACK)].startsWith(DATASET_PREFIX)) {
        out.add(this.values[packed % PACK]);
      }
    }
    return [...out].sort();
  }

  /** The current labels of a segment under one source, sorted. */
  labelsOf(segmentId: number, source: string): string[] {
    const code = this.sourceCode.get(source);
    if (code === undefined) {
      return [];
    }
    return (this.current[segmentId] ?? [])
      .filter((packed) => Math.floor(packed / PACK) === code)
      .map((packed) => this.values[packed % PACK])
      .sort();
  }

  /** The label of the most recently active annotator who still has one on the segment, or null. */
  annotatorLabel(segmentId: number): AnnotatorLabel | null {
    const recency = this.annotatorRecency.get(segmentId);
    if (!recency) {
      return null;
    }
    for (let k = recency.length - 1; k >= 0; k--) {
      const source = this.sources[recency[k]];
      const values = this.labelsOf(segmentId, source);
      if (values.length > 0) {
        return { value: values.join('+'), annotator: source.slice(ANNOTATOR_PREFIX.length) };
      }
    }
    return null;
  }

  /** Annotator names with at least one event, sorted. */
  annotators(): string[] {
    return this.sources
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
    this.current.forEach((held, segmentId) => {
      const bySource = new Map<number, string[]>();
      for (const packed of held ?? []) {
        const source = Math.floor(packed / PACK);
        const list = bySource.get(source) ?? [];
        list.push(this.values[packed % PACK]);
        bySource.set(source, list);
      }
      for (const [code, values] of bySource) {
        const source = this.sources[code];
        const rater = source.startsWith(ANNOTATOR_PREFIX) ? source.slice(ANNOTATOR_PREFIX.length) : source;
        const map = table.get(rater) ?? new Map<number, string>();
        map.set(segmentId, values.sort().join('+'));
        table.set(rater, map);
      }
    });
    return table;
  }

  private code(index: Map<string, number>, list: string[], text: string): number {
    let code = index.get(text);
    if (code === undefined) {
      code = list.push(text) - 1;
      index.set(text, code);
    }
    return code;
  }
}

/** An in-memory ProjectStore over synthetic facts, for handler and web-host tests (no files, no SQLite). */
import { EngineError } from '../../src-main/engine/errors';
import type { LeadOverview } from '../../src-main/engine/db/overview-repo';
import { memorySource } from '../../src-main/engine/io/signal-source';
import type { ProjectStore, RecordSignals, SegmentFacts } from '../../src-main/server/store';
import type { LabelEvent } from '../../src-shared/types';
import { syntheticProject } from './synthetic';

/** Synthetic project whose label events live in an array. */
export class MemoryStore implements ProjectStore {
  readonly path = '/memory/project.sqlite';
  readonly events: LabelEvent[] = [];
  private readonly project: ReturnType<typeof syntheticProject>;

  constructor(records = 20) {
    this.project = syntheticProject(records);
  }

  listDatasets() {
    return this.project.datasets;
  }
  listModels() {
    return [{ id: 'abc:30:10:ddim:0', name: 'synthetic', sha256: 'abc', t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0, scoredSegments: this.project.segments.length }];
  }
  listAnnotators() {
    return [...new Set(this.events.map((e) => e.source.replace('annotator:', '')))];
  }
  defaultModelId() {
    return 'abc:30:10:ddim:0';
  }
  loadRecords() {
    return this.project.records;
  }
  loadSegments(): SegmentFacts[] {
    return this.project.segments.map((s) => {
      const current = this.currentAnnotatorLabel(s.id);
      return { ...s, annotatorLabel: current?.value ?? null, annotator: current?.annotator ?? null };
    });
  }
  async readRecordSignals(recordId: number): Promise<RecordSignals> {
    const record = this.project.records.find((r) => r.id === recordId);
    if (!record) {
      throw new EngineError('not-found', `record ${recordId}`);
    }
    const signals = record.leadNames.map((_, l) => Float64Array.from({ length: 5000 }, (_, i) => Math.sin((2 * Math.PI * (1 + l) * i) / 500)));
    return {
      fsHz: 500,
      leadNames: record.leadNames,
      unitsKnown: true,
      source: 'memory',
      record: memorySource({ source: 'memory', name: record.name, format: 'npy', fsHz: 500, leadNames: record.leadNames, signals, unitsKnown: true, sourceUnits: [], metadata: {} }),
    };
  }
  readonly envelopes = new Map<number, LeadOverview[]>();
  recordEnvelopes(recordId: number): LeadOverview[] {
    return this.envelopes.get(recordId) ?? [];
  }
  saveRecordEnvelopes(recordId: number, envelopes: LeadOverview[]): void {
    this.envelopes.set(recordId, envelopes);
  }
  scoresOf() {
    return [];
  }
  labelHistory(segmentId: number): LabelEvent[] {
    return this.events.filter((e) => e.segmentId === segmentId);
  }
  appendLabel(segmentId: number, annotator: string, value: string | null, note: string | null): LabelEvent {
    if (!this.project.segments.some((s) => s.id === segmentId)) {
      throw new EngineError('not-found', `segment ${segmentId} does not exist`);
    }
    const event: LabelEvent = {
      id: this.events.length + 1,
      segmentId,
      kind: 'noise',
      value: value ?? '',
      present: value !== null,
      source: `annotator:${annotator}`,
      createdAt: new Date().toISOString(),
      note,
    };
    this.events.push(event);
    return event;
  }
  undoLast(segmentId: number, annotator: string): LabelEvent | null {
    const own = this.labelHistory(segmentId).filter((e) => e.source === `annotator:${annotator}`);
    if (own.length === 0) {
      return null;
    }
    const previous = own.length > 1 ? own[own.length - 2] : null;
    return this.appendLabel(segmentId, annotator, previous?.present ? previous.value : null, 'undo');
  }
  currentAnnotatorLabel(segmentId: number) {
    const last = this.labelHistory(segmentId).at(-1);
    return last && last.present ? { value: last.value, annotator: last.source.replace('annotator:', '') } : null;
  }
  annotatorLabelTable() {
    return new Map<string, Map<number, string>>();
  }
  close(): void {}
}

/**
 * The exports of a project, one entry for the CLI (`ecgnq export`) and the workstation alike, so
 * the same request gives the same bytes: the refined training subset, reference-layout scores,
 * resolved current labels and the label audit log — each limited to a segment filter on request,
 * each with a summary that says what it left out.
 */
import { EngineError } from '../errors';
import { exportCurrentLabels, exportLabelAudit, exportResolvedLabels, type ResolvedLabelsSummary } from '../exports/labels';
import { exportReference, type ReferenceSummary, type ScoreMetric } from '../exports/reference';
import { exportRefined, type RefineSummary } from '../exports/refined';
import { parseScoreIdentityKey } from '../inference/score-identity';
import { isNoiseLabel } from '../../../src-shared/labels';
import type { SegmentFilter } from '../../../src-shared/types';
import type { LabelSpec } from './evaluation';
import type { ProjectModel } from './project-model';

/** What can be exported. */
export type ExportKind = 'refined' | 'scores' | 'labels' | 'audit';

/** Options of {@link exportProject}; each kind reads the ones it needs. */
export interface ProjectExportOptions {
  kind: ExportKind;
  /** refined, scores: the model whose scores to use (default: the project's default). */
  modelId?: string;
  /** refined: fraction of clean scored segments to keep (default 0.5). */
  top?: number;
  /**
   * refined: one group per noise type, each ranked by its own model (`TYPE → modelId`); `'present'`
   * ranks the clean pool once with `modelId` and tags it for every noise type the project has.
   */
  byNoiseType?: Map<string, string> | 'present';
  /** refined, scores: whose labels count (default: 'current' for refined, 'dataset' for scores, which cannot list 'current'). */
  labels?: LabelSpec;
  /** scores: the metric of the lead columns (default psnr). */
  metric?: ScoreMetric;
  /** scores: only this dataset (by name). */
  datasetName?: string;
  /**
   * Only segments matching this filter (its threshold defaults to the project's); scores: the
   * records with at least one matching segment.
   */
  filter?: SegmentFilter;
  /** scores: records without any score are left out ('omit', default) or written with a `scored_leads` column ('mark'). */
  unscored?: 'omit' | 'mark';
  /** labels: the labels per source (one row per segment × source × label) of only this source, instead of the resolved label. */
  source?: string;
}

/** An export's text (or nothing when written to a file), its row count and a one-line account. */
export interface ProjectExport {
  text: string;
  rows: number;
  /** Human summary, e.g. "kept 120 of 240 clean scored segments…", naming what was left out. */
  summary: string;
  /** refined: clean segments left out because they are not scored (to offer scoring them first). */
  cleanUnscored?: number;
}

function scoresSummary(s: ReferenceSummary, metric: string, modelId: string, unscored: 'omit' | 'mark'): string {
  const left =
    s.unscoredRecords === 0
      ? ''
      : unscored === 'mark'
        ? `; ${s.unscoredRecords} records have no score (scored_leads 0/…, blank lead cells)`
        : `; left out ${s.unscoredRecords} records without any score of this model`;
  const partly = s.partlyScoredRecords === 0 ? '' : `; ${s.partlyScoredRecords} records are partly scored (blank cells for unscored leads)`;
  return `exported ${s.rows} records (${metric}, model ${modelId})${left}${partly}`;
}

function labelsSummary(s: ResolvedLabelsSummary): string {
  return (
    `exported the current label of ${s.rows} segments (${s.byAnnotator} by an annotator, ${s.byDataset} from the dataset, ${s.unlabelled} unlabelled; ` +
    `${s.withNotes} with notes). Rule: the latest annotator's label wins over the dataset's.`
  );
}

function refinedSummary(s: RefineSummary): string {
  const unscored = s.cleanUnscored > 0 ? `; ${s.cleanUnscored} clean segments are not scored by this model and were left out` : '';
  return `${s.group}: kept ${s.kept} of ${s.cleanScored} clean scored segments (PSNR ≥ ${s.minKeptPsnr?.toFixed(2) ?? '—'} dB)${unscored}`;
}

/** A model id that must resolve. @throws EngineError('invalid-input') when nothing is scored. */
function requiredModelId(model: ProjectModel, modelId: string | undefined): string {
  const resolved = model.resolveModelId(modelId);
  if (resolved === null) {
    throw new EngineError('invalid-input', 'Nothing is scored yet: run batch quantification first.');
  }
  return resolved;
}

/** Positions of the segments an export covers: the filter's matches (null: no filter, everything). */
function filteredPositions(model: ProjectModel, filter: SegmentFilter | undefined, modelId?: string): Int32Array | null {
  return filter === undefined ? null : model.index(modelId).filter(model.resolveFilter(filter));
}

/**
 * Writes one export to `outPath`, or returns its text when `outPath` is null.
 * @throws EngineError('invalid-input') when the export needs scores and there are none; RangeError for a bad `top`.
 */
export function exportProject(model: ProjectModel, options: ProjectExportOptions, outPath: string | null): ProjectExport {
  const db = model.project.db;
  switch (options.kind) {
    case 'refined': {
      const modelId = requiredModelId(model, options.modelId);
      const name = (id: string): string => model.models().find((m) => m.id === id)?.name ?? id;
      let groups: { name: string; modelId: string }[];
      if (options.byNoiseType === 'present') {
        const index = model.index(modelId);
        const types = new Set<string>();
        for (const p of index.filter({ labelGroup: 'noisy' })) {
          index.currentLabelsAt(p).filter(isNoiseLabel).forEach((t) => types.add(t));
        }
        groups = [...types].sort().map((type) => ({ name: type, modelId }));
      } else if (options.byNoiseType) {
        groups = [...options.byNoiseType].map(([type, id]) => ({ name: type, modelId: requiredModelId(model, id) }));
      } else {
        groups = [{ name: name(modelId), modelId }];
      }
      const r = exportRefined(
        groups.map((g) => ({ name: g.name, index: model.index(g.modelId) })),
        model.labelFold(),
        model.records(),
        outPath,
        { top: options.top ?? 0.5, labels: options.labels, filter: options.filter === undefined ? undefined : model.resolveFilter(options.filter) },
      );
      return {
        text: r.text,
        rows: r.summary.reduce((n, s) => n + s.kept, 0),
        summary: r.summary.map(refinedSummary).join('\n'),
        cleanUnscored: r.summary.reduce((n, s) => n + s.cleanUnscored, 0),
      };
    }
    case 'scores': {
      const modelId = requiredModelId(model, options.modelId);
      if (options.labels === 'current') {
        throw new EngineError('invalid-input', "the scores export lists each record's dataset or one annotator's labels: use 'dataset' or 'annotator:NAME'");
      }
      const labels = options.labels;
      const metric = options.metric ?? 'psnr';
      const positions = filteredPositions(model, options.filter, modelId);
      const recordIds = positions === null ? undefined : new Set(Array.from(positions, (p) => model.index(modelId).segmentAt(p).recordId));
      const unscored = options.unscored ?? 'omit';
      const r = exportReference(db, parseScoreIdentityKey(modelId), outPath, { metric, labels, datasetName: options.datasetName, recordIds, unscored });
      return { text: r.text, rows: r.summary.rows, summary: scoresSummary(r.summary, metric, modelId, unscored) };
    }
    case 'labels': {
      const positions = filteredPositions(model, options.filter);
      if (options.source !== undefined) {
        const segmentIds = positions === null ? undefined : new Set(model.index().idsAt(positions));
        const r = exportCurrentLabels(db, outPath, options.source, segmentIds);
        return { text: r.text, rows: r.rows, summary: `exported ${r.rows} current labels of ${options.source}` };
      }
      const index = model.index();
      const datasetNames = new Map(model.datasets().map((d) => [d.id, d.name]));
      const all = positions ?? Int32Array.from({ length: index.size }, (_, p) => p);
      const r = exportResolvedLabels(db, index, model.labelFold(), model.records(), datasetNames, all, outPath);
      return { text: r.text, rows: r.summary.rows, summary: labelsSummary(r.summary) };
    }
    case 'audit': {
      const positions = filteredPositions(model, options.filter);
      const r = exportLabelAudit(db, outPath, positions === null ? undefined : new Set(model.index().idsAt(positions)));
      return { text: r.text, rows: r.rows, summary: `exported ${r.rows} label events` };
    }
  }
}

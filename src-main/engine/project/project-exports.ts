/**
 * The exports of a project, one entry for the CLI (`ecgnq export`) and the workstation alike, so
 * the same request gives the same bytes: the refined training subset, reference-layout scores,
 * current labels and the label audit log.
 */
import { EngineError } from '../errors';
import { exportCurrentLabels, exportLabelAudit } from '../exports/labels';
import { exportReference, type ScoreMetric } from '../exports/reference';
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
  /** refined: only segments matching this filter. */
  filter?: SegmentFilter;
  /** labels: only this label source. */
  source?: string;
}

/** An export's text (or nothing when written to a file), its row count and a one-line account. */
export interface ProjectExport {
  text: string;
  rows: number;
  /** Human summary, e.g. "kept 120 of 240 clean scored segments…". */
  summary: string;
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
        { top: options.top ?? 0.5, labels: options.labels, filter: options.filter },
      );
      return { text: r.text, rows: r.summary.reduce((n, s) => n + s.kept, 0), summary: r.summary.map(refinedSummary).join('\n') };
    }
    case 'scores': {
      const modelId = requiredModelId(model, options.modelId);
      if (options.labels === 'current') {
        throw new EngineError('invalid-input', "the scores export lists each record's dataset or one annotator's labels: use 'dataset' or 'annotator:NAME'");
      }
      const labels = options.labels;
      const metric = options.metric ?? 'psnr';
      const r = exportReference(db, parseScoreIdentityKey(modelId), outPath, { metric, labels, datasetName: options.datasetName });
      return { text: r.text, rows: r.rows, summary: `exported ${r.rows} records (${metric}, model ${modelId})` };
    }
    case 'labels': {
      const r = exportCurrentLabels(db, outPath, options.source);
      return { text: r.text, rows: r.rows, summary: `exported ${r.rows} current labels` };
    }
    case 'audit': {
      const r = exportLabelAudit(db, outPath);
      return { text: r.text, rows: r.rows, summary: `exported ${r.rows} label events` };
    }
  }
}

/** What the project commands (eval, export, review) share: opening a project and picking its scores from flags. */
import { EngineError } from '../engine/errors';
import { loadModelSpec } from '../engine/inference/model-spec';
import { ProjectModel } from '../engine/project/project-model';
import type { ModelRow } from '../../src-shared/types';
import { samplingFlags, type SamplingCliOptions } from './flags';

/** Opens a project for reading (reports and exports never write). */
export function openProject(dbPath: string): ProjectModel {
  return ProjectModel.open(dbPath, { readonly: true });
}

/**
 * The scores selected by `--model DIR` / `--model-sha` and the sampling flags: the first matching
 * model in the project's default order (most segments scored, then most recent).
 * @throws EngineError('not-found') when no stored scores match.
 */
export async function scoreSetOf(model: ProjectModel, o: SamplingCliOptions & { modelSha?: string }, modelDir?: string): Promise<ModelRow> {
  const modelSha256 = o.modelSha ?? (modelDir ? (await loadModelSpec(modelDir)).sha256 : undefined);
  return model.findModel({ modelSha256, ...samplingFlags(o) });
}

/**
 * The id of the dataset called `name`.
 * @throws EngineError('not-found') naming the datasets there are.
 */
export function datasetIdOf(model: ProjectModel, name: string): number {
  const datasets = model.datasets();
  const found = datasets.find((d) => d.name === name);
  if (!found) {
    throw new EngineError('not-found', `no dataset "${name}" in ${model.path} (datasets: ${datasets.map((d) => d.name).join(', ') || 'none'})`);
  }
  return found.id;
}

/**
 * `model.json`: the card that ships beside a model's ONNX graphs (written by `python -m training.export`).
 * Loads it, validates it with zod and checks each graph's sha256, so a wrong or damaged model fails at
 * load with a message naming the file, not later with a shape error.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InferenceError } from '../errors';
import { DEFAULT_SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler';

const graphEntrySchema = z.object({
  /** File name relative to the model directory. */
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'sha256 must be 64 hex digits'),
});

const bandpassObjectSchema = z.looseObject({ low_hz: z.number().nonnegative(), high_hz: z.number().positive() });

const inputContractSchema = z.looseObject({
  /** Sampling rate the model was trained at (Hz); records are resampled to it. */
  fs_hz: z.number().positive(),
  /** Zero-phase Butterworth band-pass [low, high] Hz, or null for none … */
  bandpass_hz: z.tuple([z.number().nonnegative(), z.number().positive()]).nullable().optional(),
  /** … or, as training/export.py writes it, {low_hz, high_hz, order, …} or null. */
  bandpass: bandpassObjectSchema.nullable().optional(),
  /** 'zscore' per lead, or 'mv' (leave millivolts as they are) … */
  normalization: z.enum(['zscore', 'mv']).optional(),
  /** … or a free-text description (training/export.py), read for "z-score" / "mV". */
  normalisation: z.string().optional(),
  units: z.string().default('mV'),
  segment_s: z.number().positive().default(10),
  /** Scalogram / image parameters (informative; the engine's superlet implements the paper's). */
  scalogram: z.record(z.string(), z.unknown()).default({}),
});

const ddimSchema = z.looseObject({
  set_alpha_to_one: z.boolean().optional(),
  clip_sample: z.boolean().optional(),
  clip_range: z.tuple([z.number(), z.number()]).optional(),
});

const schedulerSchema = z.looseObject({
  num_train_timesteps: z.number().int().positive().default(1000),
  beta_start: z.number().positive().default(1e-4),
  beta_end: z.number().positive().default(0.02),
  beta_schedule: z.literal('linear').default('linear'),
  clip_sample: z.boolean().optional(),
  clip_sample_range: z.number().positive().optional(),
  set_alpha_to_one: z.boolean().optional(),
  prediction_type: z.literal('epsilon').default('epsilon'),
  /** Nested DDIM settings as training/export.py writes them. */
  ddim: ddimSchema.optional(),
});

const modelKindSchema = z.enum(['ldm', 'vanilla']);

/**
 * zod schema of model.json (snake_case, as Python writes it). Unknown keys are kept. Accepts both
 * the flat keys documented here and the nested forms `training/export.py` writes (`model_type`,
 * `input_contract.bandpass {low_hz, high_hz}`, `normalisation` text, `scheduler.ddim.*`).
 */
export const modelJsonSchema = z.looseObject({
  name: z.string().min(1),
  /** 'ldm' = encoder + unet + decoder on the latent; 'vanilla' = unet alone on pixels. */
  kind: modelKindSchema.optional(),
  model_type: modelKindSchema.optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  scaling_factor: z.number().positive().default(0.18215),
  graphs: z.object({
    encoder: graphEntrySchema.optional(),
    unet: graphEntrySchema,
    decoder: graphEntrySchema.optional(),
  }),
  input_contract: inputContractSchema,
  scheduler: schedulerSchema.default({
    num_train_timesteps: 1000,
    beta_start: 1e-4,
    beta_end: 0.02,
    beta_schedule: 'linear',
    prediction_type: 'epsilon',
  }),
  default_t: z.number().int().nonnegative().default(30),
  default_step_interval: z.number().int().positive().default(10),
  /** Independent noise draws whose reconstructions are averaged per score (1: the paper's single draw). */
  score_draws: z.number().int().positive().max(64).default(1),
  /**
   * How draws combine: 'image' averages the K decoder outputs; 'latent' averages the K denoised
   * latents and decodes their mean once (one decoder call per item instead of K).
   */
  score_combine: z.enum(['image', 'latent']).default('image'),
});

/** model.json as parsed (snake_case). */
export type ModelJson = z.infer<typeof modelJsonSchema>;

/** Input contract the engine applies before the superlet. */
export interface InputContract {
  fsHz: number;
  bandpassHz: [number, number] | null;
  normalization: 'zscore' | 'mv';
  units: string;
  segmentS: number;
}

/** A validated model: what the engine needs, in camelCase, with absolute graph paths. */
export interface ModelSpec {
  dir: string;
  name: string;
  kind: 'ldm' | 'vanilla';
  /** sha256 of model.json itself: the model's identity in provenance. */
  sha256: string;
  scalingFactor: number;
  graphPaths: { encoder?: string; unet: string; decoder?: string };
  graphSha256: { encoder?: string; unet: string; decoder?: string };
  inputContract: InputContract;
  scheduler: SchedulerConfig;
  defaultT: number;
  defaultStepInterval: number;
  /** Noise draws averaged per reconstruction (model.json `score_draws`). */
  scoreDraws: number;
  /** How the draws combine (model.json `score_combine`). */
  scoreCombine: 'image' | 'latent';
  /** The raw card (for display). */
  raw: ModelJson;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readOrThrow(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InferenceError(`${path}: cannot read ${what} (${reason})`);
  }
}

/**
 * Parses and validates model.json text. `jsonPath` names the file in errors.
 * @throws InferenceError on invalid JSON, a schema violation, or an LDM without encoder/decoder.
 */
export function parseModelJson(text: string, jsonPath: string): ModelJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InferenceError(`${jsonPath}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = modelJsonSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InferenceError(`${jsonPath}: invalid model card: ${issues}`);
  }
  const kind = parsed.data.kind ?? parsed.data.model_type;
  if (!kind) {
    throw new InferenceError(`${jsonPath}: invalid model card: kind (or model_type) must be 'ldm' or 'vanilla'`);
  }
  if (kind === 'ldm' && (!parsed.data.graphs.encoder || !parsed.data.graphs.decoder)) {
    throw new InferenceError(`${jsonPath}: an 'ldm' model needs graphs.encoder and graphs.decoder`);
  }
  contractFromCard(parsed.data, jsonPath); // fail at load on an unreadable contract
  return parsed.data;
}

/** The model kind of a validated card. */
function kindOf(card: ModelJson): 'ldm' | 'vanilla' {
  return (card.kind ?? card.model_type) as 'ldm' | 'vanilla';
}

/**
 * The input contract in engine terms, from either form of the card.
 * @throws InferenceError when the normalisation cannot be told.
 */
export function contractFromCard(card: ModelJson, jsonPath: string): InputContract {
  const ic = card.input_contract;
  let bandpassHz: [number, number] | null;
  if (ic.bandpass_hz !== undefined) {
    bandpassHz = ic.bandpass_hz;
  } else if (ic.bandpass !== undefined) {
    bandpassHz = ic.bandpass === null ? null : [ic.bandpass.low_hz, ic.bandpass.high_hz];
  } else {
    bandpassHz = [0.5, 40];
  }
  let normalization = ic.normalization;
  if (!normalization) {
    const text = `${ic.normalisation ?? ''} ${ic.units}`.toLowerCase();
    if (/z-?score/.test(text)) {
      normalization = 'zscore';
    } else if (/\bmv\b|millivolt/.test(text)) {
      normalization = 'mv';
    } else {
      throw new InferenceError(`${jsonPath}: invalid model card: input_contract does not say 'zscore' or 'mv' normalisation`);
    }
  }
  return { fsHz: ic.fs_hz, bandpassHz, normalization, units: ic.units, segmentS: ic.segment_s };
}

/**
 * Loads `<modelDir>/model.json`, validates it and verifies the sha256 of every graph it lists.
 * @throws InferenceError naming the offending file when anything is missing, invalid or altered.
 */
export async function loadModelSpec(modelDir: string): Promise<ModelSpec> {
  const jsonPath = join(modelDir, 'model.json');
  const jsonBytes = await readOrThrow(jsonPath, 'model card');
  const card = parseModelJson(jsonBytes.toString('utf8'), jsonPath);
  const graphPaths: ModelSpec['graphPaths'] = { unet: join(modelDir, card.graphs.unet.file) };
  const graphSha256: ModelSpec['graphSha256'] = { unet: card.graphs.unet.sha256.toLowerCase() };
  for (const role of ['encoder', 'unet', 'decoder'] as const) {
    const entry = card.graphs[role];
    if (!entry) {
      continue;
    }
    const path = join(modelDir, entry.file);
    const actual = sha256Hex(await readOrThrow(path, `${role} graph`));
    if (actual !== entry.sha256.toLowerCase()) {
      throw new InferenceError(`${path}: sha256 ${actual} does not match model.json (${entry.sha256})`);
    }
    graphPaths[role] = path;
    graphSha256[role] = actual;
  }
  const sc = card.scheduler;
  return {
    dir: modelDir,
    name: card.name,
    kind: kindOf(card),
    sha256: sha256Hex(jsonBytes),
    scalingFactor: card.scaling_factor,
    graphPaths,
    graphSha256,
    inputContract: contractFromCard(card, jsonPath),
    scheduler: {
      ...DEFAULT_SCHEDULER_CONFIG,
      numTrainTimesteps: sc.num_train_timesteps,
      betaStart: sc.beta_start,
      betaEnd: sc.beta_end,
      betaSchedule: sc.beta_schedule,
      clipSample: sc.clip_sample ?? sc.ddim?.clip_sample ?? true,
      clipSampleRange: sc.clip_sample_range ?? (sc.ddim?.clip_range ? Math.abs(sc.ddim.clip_range[1]) : 1),
      setAlphaToOne: sc.set_alpha_to_one ?? sc.ddim?.set_alpha_to_one ?? true,
    },
    defaultT: card.default_t,
    defaultStepInterval: card.default_step_interval,
    scoreDraws: card.score_draws,
    scoreCombine: card.score_combine,
    raw: card,
  };
}

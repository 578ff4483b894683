/**
 * `NoiseScorer`: the engine's public scoring API. Loads a model once, reconstructs scalogram
 * images through the diffusion model in batches and scores them (PSNR, SSIM, MSE, MAE, local PSNR),
 * each score carrying its provenance. Used by the CLI, the database batch jobs and the UI.
 */
import { DspParamError, InferenceError } from '../errors';
import { mae, mse, partitionPsnr, psnr, psnrPartitionRanges } from '../metrics/psnr';
import type { SegmentSqi } from '../metrics/sqi';
import { ssim } from '../metrics/ssim';
import type { EcgRecord, SignalSource } from '../types';
import { imageToModelInput, modelOutputToImage } from '../dsp/scalogram-image';
import { type Backend, type DeviceRequest, openBackend, type SuperletRequest } from './device';
import { absDifference } from './image-codec';
import { loadModelSpec, type ModelSpec } from './model-spec';
import { type ChunkOutcome, scoreChunkStream } from './chunk-pipeline';
import { type ChunkContext, prepareChunk, wantedChunks } from './contract-chunk';
import type { ContractChunk } from './contract-plan';
import { contractPass, type PreparedImages, prepareRecordImages, type RecordImageOptions, type SegmentImage, type SkippedSegment, withImages } from './preprocess';
import { IMAGE_HEIGHT, IMAGE_WIDTH, imageNoiseKey, type InjectedNoise, reconstructBatch, type ReverseParams } from './reverse-process';
import { DiffusionScheduler } from './scheduler';
import { resolveSampling, type SamplingParams, type ScoreIdentity } from './score-identity';
import { getSessions, type ModelSessions } from './session';
import type { SuperletRunner } from './superlet-images';
import type { OnnxSuperlet } from './superlet-onnx';

/** Options of {@link NoiseScorer.load}. */
export interface ScorerLoadOptions {
  /** ONNX Runtime intra-op threads (default: all cores). */
  threads?: number;
  /** Where to run (default 'auto': CUDA when it works, else the CPU); see `device.ts`. */
  device?: DeviceRequest;
  /** Superlet back end (default 'auto': the ONNX graph, TypeScript workers if it cannot load; same images). */
  superlet?: SuperletRequest;
  /** Lead-segments per model call (default 16). Scores do not depend on it. */
  batchSize?: number;
  /** Let ORT's idle threads spin-wait (default false; see session.ts). */
  spinning?: boolean;
}

/** Per-call scoring options; unset sampling parameters take the model card's defaults (see {@link resolveSampling}). */
export interface ScoreOptions extends Partial<SamplingParams> {
  /** Time partitions for local PSNR (default 1: no local PSNR). */
  partitions?: number;
}

/** Scoring options with every default filled in. */
export type ResolvedScoreOptions = SamplingParams & { partitions: number };

/** Identifies one lead-segment in results (the noise draw is keyed by the image itself, not by this). */
export interface SegmentKey {
  recordId: string;
  leadIndex: number;
  segmentIndex: number;
}

/** What produced a score: its identity (model sha256 + sampling parameters) and how it ran. */
export interface ScoreProvenance extends ScoreIdentity {
  modelName: string;
  /** Noise draws averaged per reconstruction (the model card's `score_draws`, pinned by modelSha256). */
  draws: number;
  /** Execution provider that ran the graphs ('cpu' or 'cuda'). */
  provider: string;
}

/** Metrics of one image pair. */
export interface ImageMetrics {
  /** dB, over the window's valid columns; +Infinity for a perfect reconstruction. */
  psnr: number;
  /** Mean SSIM over the valid columns (NaN when fewer than 7 columns are valid). */
  ssim: number;
  mse: number;
  mae: number;
  /** PSNR per time partition (empty when partitions = 1), the paper's local PSNR. */
  localPsnr: number[];
  /** SSIM, MSE and MAE over the same partitions (SSIM NaN for partitions under 7 columns). */
  localSsim: number[];
  localMse: number[];
  localMae: number[];
}

/** Score of one image from {@link NoiseScorer.scoreImages}. */
export interface ImageScore extends ImageMetrics {
  key: SegmentKey;
  provenance: ScoreProvenance;
}

/** Score of one lead-segment of a record. */
export interface SegmentScore extends ImageMetrics {
  leadIndex: number;
  leadName: string;
  segmentIndex: number;
  /** Window start and end in seconds from the record start. */
  startS: number;
  endS: number;
  /** Invalid (NaN) source samples over the window's span, filled by interpolation before scoring. */
  invalidSamples: number;
  /** `invalidSamples` / source samples of the span (at most the skip limit, see MAX_INVALID_FRACTION). */
  invalidFraction: number;
  /** Classical SQIs of the window (see metrics/sqi.ts); null when the source rate is ≤ 80 Hz. */
  sqi: SegmentSqi | null;
  provenance: ScoreProvenance;
}

/** Options of {@link NoiseScorer.scoreRecord}. */
export interface RecordScoreOptions extends ScoreOptions, RecordImageOptions {
  /** Called once per lead or window that was not scored (too many invalid samples), with the reason. */
  onSkipped?: (skipped: SkippedSegment) => void;
}

/** One scalogram image to score: uint8, row-major 32 × 256 (row 0 = 40 Hz). */
export interface ImageItem {
  key: SegmentKey;
  image: Uint8Array;
  /** New columns of the window (256 except a trailing overlapping window). */
  validColumns: number;
}

/** Original, reconstruction and |difference| images of one item (uint8, 32 × 256). */
export interface Reconstruction {
  key: SegmentKey;
  original: Uint8Array;
  reconstruction: Uint8Array;
  difference: Uint8Array;
  validColumns: number;
}

const IMAGE_SIZE = IMAGE_HEIGHT * IMAGE_WIDTH;

/** Columns [startCol, endCol) of a 32-row image as a new row-major image. */
function cropColumns(image: Uint8Array, startCol: number, endCol = IMAGE_WIDTH): Uint8Array {
  const width = endCol - startCol;
  const out = new Uint8Array(IMAGE_HEIGHT * width);
  for (let r = 0; r < IMAGE_HEIGHT; r++) {
    out.set(image.subarray(r * IMAGE_WIDTH + startCol, r * IMAGE_WIDTH + endCol), r * width);
  }
  return out;
}

/** SSIM of two crops, NaN when narrower than skimage's 7-pixel window. */
function cropSsim(a: Uint8Array, b: Uint8Array, width: number): number {
  return width >= 7 ? ssim(a, b, IMAGE_HEIGHT, width) : Number.NaN;
}

/**
 * Metrics of a reconstruction over the window's valid (rightmost) columns, plus the same metrics
 * per time partition (the partitions of `psnrPartitionRanges`, with the trailing-window rule).
 * @throws InferenceError when validColumns is 0 (nothing to score).
 */
export function imageMetrics(original: Uint8Array, reconstruction: Uint8Array, validColumns: number, partitions: number): ImageMetrics {
  if (validColumns < 1 || validColumns > IMAGE_WIDTH) {
    throw new InferenceError(`valid columns must be in 1..${IMAGE_WIDTH}, got ${validColumns}`);
  }
  const startCol = IMAGE_WIDTH - validColumns;
  const a = startCol === 0 ? original : cropColumns(original, startCol);
  const b = startCol === 0 ? reconstruction : cropColumns(reconstruction, startCol);
  const local = { localPsnr: [] as number[], localSsim: [] as number[], localMse: [] as number[], localMae: [] as number[] };
  if (partitions > 1) {
    local.localPsnr = partitionPsnr(original, reconstruction, IMAGE_HEIGHT, IMAGE_WIDTH, partitions, validColumns);
    for (const range of psnrPartitionRanges(IMAGE_WIDTH, partitions, validColumns)) {
      const pa = cropColumns(original, range.startCol, range.endCol);
      const pb = cropColumns(reconstruction, range.startCol, range.endCol);
      local.localSsim.push(cropSsim(pa, pb, range.endCol - range.startCol));
      local.localMse.push(mse(pa, pb));
      local.localMae.push(mae(pa, pb));
    }
  }
  return { psnr: psnr(a, b), ssim: cropSsim(a, b, validColumns), mse: mse(a, b), mae: mae(a, b), ...local };
}

/** Scores ECG lead-segments with one diffusion model. Create with {@link NoiseScorer.load}. */
export class NoiseScorer {
  readonly spec: ModelSpec;
  /** Where this scorer runs; `backend.notice` is the line to show the user, if any. */
  readonly backend: Backend;
  private readonly sessions: ModelSessions;
  private readonly scheduler: DiffusionScheduler;
  private readonly batchSize: number;
  /** The ONNX superlet when the back end uses it; else the TypeScript worker pool is used. */
  private readonly onnxSuperlet: OnnxSuperlet | null;
  private closed = false;

  private constructor(spec: ModelSpec, backend: Backend, sessions: ModelSessions, onnxSuperlet: OnnxSuperlet | null, batchSize: number) {
    this.spec = spec;
    this.backend = backend;
    this.sessions = sessions;
    this.onnxSuperlet = onnxSuperlet;
    this.scheduler = new DiffusionScheduler(spec.scheduler);
    this.batchSize = batchSize;
  }

  /**
   * Loads `modelDir` (model.json + graphs, sha256-checked) on the device `opts.device` resolves to.
   * Model sessions are shared per process.
   * @throws InferenceError for a missing, invalid or altered model or superlet graph.
   */
  static async load(modelDir: string, opts: ScorerLoadOptions = {}): Promise<NoiseScorer> {
    const batchSize = opts.batchSize ?? 16;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InferenceError(`batch size must be a positive integer, got ${batchSize}`);
    }
    const spec = await loadModelSpec(modelDir);
    const { backend, superlet } = await openBackend({ device: opts.device, superlet: opts.superlet }, { threads: opts.threads, spinning: opts.spinning });
    const sessions = await getSessions(spec, { threads: opts.threads, provider: backend.provider, spinning: opts.spinning });
    return new NoiseScorer(spec, backend, sessions, superlet, batchSize);
  }

  /** Execution provider in use ('cpu' or 'cuda'). */
  get provider(): string {
    return this.sessions.provider;
  }

  /** The ONNX superlet when the back end uses it (pass it as `pool` to image helpers); else undefined. */
  get superletRunner(): SuperletRunner | undefined {
    return this.onnxSuperlet ?? undefined;
  }

  /** Options with the model's defaults filled in, validated. */
  resolveOptions(opts: ScoreOptions = {}): ResolvedScoreOptions {
    const partitions = opts.partitions ?? 1;
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > IMAGE_WIDTH) {
      throw new InferenceError(`partitions must be an integer in 1..${IMAGE_WIDTH}, got ${partitions}`);
    }
    return { ...resolveSampling(this.spec, opts), partitions };
  }

  /** Provenance stamped on scores made with resolved options `o`. */
  provenance(o: SamplingParams): ScoreProvenance {
    return {
      modelName: this.spec.name,
      modelSha256: this.spec.sha256,
      t: o.t,
      stepInterval: o.stepInterval,
      scheduler: o.scheduler,
      seed: o.seed,
      draws: this.spec.scoreDraws,
      provider: this.sessions.provider,
    };
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new InferenceError('this NoiseScorer was closed');
    }
  }

  /**
   * Reconstructs images (batched); `injected` replaces the keyed noise (parity tests).
   * @returns per item the decoder output in [−1, 1] space, flat 32 × 256 float32.
   */
  async reconstructRaw(items: ImageItem[], opts: ScoreOptions = {}, injected: InjectedNoise = {}): Promise<Float32Array[]> {
    this.checkOpen();
    const o = this.resolveOptions(opts);
    const params: ReverseParams = { t: o.t, stepInterval: o.stepInterval, scheduler: o.scheduler, seed: o.seed, draws: this.spec.scoreDraws, combine: this.spec.scoreCombine };
    const out: Float32Array[] = [];
    for (let start = 0; start < items.length; start += this.batchSize) {
      const chunk = items.slice(start, start + this.batchSize);
      const inputs = new Float32Array(chunk.length * IMAGE_SIZE);
      chunk.forEach((item, i) => {
        if (item.image.length !== IMAGE_SIZE) {
          throw new InferenceError(`image of ${item.key.recordId} lead ${item.key.leadIndex} segment ${item.key.segmentIndex} has ${item.image.length} pixels, expected ${IMAGE_SIZE}`);
        }
        inputs.set(imageToModelInput(item.image), i * IMAGE_SIZE);
      });
      const forward = injected.forward?.slice(start, start + chunk.length);
      const recon = await reconstructBatch(this.spec, this.sessions, this.scheduler, inputs, chunk.map((c) => imageNoiseKey(c.image)), params, { forward });
      for (let i = 0; i < chunk.length; i++) {
        out.push(recon.slice(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE));
      }
    }
    return out;
  }

  /** Original, reconstructed and difference images (uint8) of each item, for display and --images. */
  async reconstruct(items: ImageItem[], opts: ScoreOptions = {}): Promise<Reconstruction[]> {
    const raw = await this.reconstructRaw(items, opts);
    return items.map((item, i) => {
      const reconstruction = modelOutputToImage(raw[i]);
      return { key: item.key, original: item.image, reconstruction, difference: absDifference(item.image, reconstruction), validColumns: item.validColumns };
    });
  }

  /** Scores images: each result depends only on its own image and the options. */
  async scoreImages(items: ImageItem[], opts: ScoreOptions = {}): Promise<ImageScore[]> {
    const o = this.resolveOptions(opts);
    const provenance = this.provenance(o);
    const recons = await this.reconstruct(items, o);
    return recons.map((r) => ({
      key: r.key,
      ...imageMetrics(r.original, r.reconstruction, r.validColumns, o.partitions),
      provenance,
    }));
  }

  /**
   * Scores every lead × 10-s segment of a record: applies the model's input contract, computes the
   * superlet images and scores them (each from its own pixels; names play no part). Windows with no new columns (a trailing remainder under 1/256 of a window) are skipped,
   * as the reference counts no PSNR for them. Leads without a valid sample and windows with too
   * many invalid samples are not scored: they go to `opts.onSkipped` (see `prepareRecordSegments`).
   * @throws EcgFormatError/DspParamError for records the chain cannot process; InferenceError.
   */
  async scoreRecord(record: EcgRecord, opts: RecordScoreOptions = {}): Promise<SegmentScore[]> {
    const { scores, skipped } = await this.scoreRecordDetailed(record, opts);
    if (opts.onSkipped) {
      skipped.forEach(opts.onSkipped);
    }
    return scores;
  }

  /**
   * {@link scoreRecord} plus the original/reconstruction/difference images of each segment and the
   * leads/windows that were not scored.
   */
  async scoreRecordDetailed(
    record: EcgRecord | SignalSource,
    opts: ScoreOptions & RecordImageOptions = {},
  ): Promise<{ scores: SegmentScore[]; reconstructions: Reconstruction[]; skipped: SkippedSegment[] }> {
    const prepared = await this.prepareRecord(record, opts);
    return { ...(await this.scorePrepared(prepared.segments, opts)), skipped: prepared.skipped };
  }

  /**
   * First half of {@link scoreRecordDetailed}: the input contract and superlet images of the
   * record's scored windows, and the leads/windows skipped for invalid samples. Split out so a
   * caller can prepare the next record while the model runs on this one. A {@link SignalSource} is
   * read only in the chunks that hold the wanted windows (`opts.segments`).
   */
  async prepareRecord(record: EcgRecord | SignalSource, opts: RecordImageOptions = {}): Promise<PreparedImages> {
    this.checkOpen();
    const { segments, skipped } = await prepareRecordImages(record, this.spec.inputContract, { ...opts, pool: opts.pool ?? this.superletRunner });
    return { segments: segments.filter((s) => s.validColumns > 0), skipped };
  }

  /**
   * Plans this model's input contract over `source` (see `contractPass`): the chunks to pass to
   * {@link prepareChunk}, and the state that carries between them.
   * @throws as `prepareRecordSegments` (no rate, too short, units, limits).
   */
  contractPass(source: SignalSource, opts: RecordImageOptions = {}): ChunkContext {
    this.checkOpen();
    return contractPass(source, this.spec.inputContract, opts);
  }

  /** Input contract and superlet images of one chunk (windows without new columns left out). */
  async prepareChunk(ctx: ChunkContext, chunk: ContractChunk): Promise<PreparedImages> {
    this.checkOpen();
    const { segments, skipped } = await withImages(prepareChunk(ctx, chunk), this.spec.inputContract, this.superletRunner);
    return { segments: segments.filter((s) => s.validColumns > 0), skipped };
  }

  /**
   * Scores the wanted windows of a source chunk by chunk, in time order (one chunk's contract and
   * superlet overlapping the model's run on the previous one); memory stays that of two chunks.
   * A chunk that cannot be read is yielded with its error; the chunks after it are still tried.
   * @throws as {@link contractPass} before the first chunk; InferenceError.
   */
  scoreChunks(source: SignalSource, opts: ScoreOptions & RecordImageOptions = {}): AsyncGenerator<ChunkOutcome<null>> {
    const ctx = this.contractPass(source, opts);
    return scoreChunkStream(this, wantedChunks(ctx).map((chunk) => ({ ctx, chunk, tag: null })).values(), opts);
  }

  /** Second half of {@link scoreRecordDetailed}: model + metrics on prepared windows. */
  async scorePrepared(
    segments: SegmentImage[],
    opts: ScoreOptions = {},
  ): Promise<{ scores: SegmentScore[]; reconstructions: Reconstruction[] }> {
    const o = this.resolveOptions(opts);
    const provenance = this.provenance(o);
    const reconstructions = await this.reconstruct(
      segments.map((s) => ({ key: { recordId: '', leadIndex: s.leadIndex, segmentIndex: s.segmentIndex }, image: s.image, validColumns: s.validColumns })),
      o,
    );
    const scores = reconstructions.map((r, i): SegmentScore => {
      const s = segments[i];
      return {
        leadIndex: s.leadIndex,
        leadName: s.leadName,
        segmentIndex: s.segmentIndex,
        startS: s.startS,
        endS: s.endS,
        invalidSamples: s.invalidSamples,
        invalidFraction: s.invalidFraction,
        sqi: s.sqi,
        ...imageMetrics(r.original, r.reconstruction, r.validColumns, o.partitions),
        provenance,
      };
    });
    return { scores, reconstructions };
  }

  /**
   * One lead-segment of a record, scored and reconstructed (the UI's detail view). Gives the same
   * numbers as the segment's row from {@link scoreRecord} with the same options.
   * @throws DspParamError when the lead or segment does not exist or was skipped for invalid
   *   samples (the message is the skip reason); as {@link scoreRecord}.
   */
  async reconstructSegment(
    record: EcgRecord | SignalSource,
    leadIndex: number,
    segmentIndex: number,
    opts: ScoreOptions & RecordImageOptions = {},
  ): Promise<{ score: SegmentScore; reconstruction: Reconstruction }> {
    const { scores, reconstructions, skipped } = await this.scoreRecordDetailed(record, { ...opts, leads: [leadIndex], segments: [segmentIndex] });
    if (scores.length !== 1 && skipped.length > 0) {
      throw new DspParamError(skipped[0].reason);
    }
    if (scores.length !== 1) {
      const source = 'signals' in record ? record.source : record.info.source;
      throw new DspParamError(`${source}: lead ${leadIndex} has no scored segment ${segmentIndex}`);
    }
    return { score: scores[0], reconstruction: reconstructions[0] };
  }

  /** Marks the scorer closed and releases its ONNX superlet. Model sessions stay cached for other scorers. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    void this.onnxSuperlet?.close().catch(() => undefined); // nothing to do about a failed release
  }
}

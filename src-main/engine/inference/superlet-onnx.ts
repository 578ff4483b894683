/**
 * The superlet on ONNX Runtime (`models/superlet/`, built by `python -m training.superlet_onnx`): the
 * same scalograms as `dsp/superlet.ts`, on whichever device runs the model. The graph gets its
 * wavelet bank and resize taps from `dsp/superlet-graph-inputs.ts`, so one file serves every rate.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { SUPERLET_COLUMNS, SUPERLET_ROWS } from '../dsp/superlet';
import { SUPERLET_FREQS_HZ, superletOrder } from '../dsp/superlet-plan';
import { superletGraphInputs } from '../dsp/superlet-graph-inputs';
import { DspParamError, InferenceError } from '../errors';
import { PACKAGE_ROOT } from '../package-info';
import { createSession, type SessionOptions } from './session';

/** The superlet graphs shipped with the package (`models/superlet`, found from the sources or the Electron bundle alike). */
export const DEFAULT_SUPERLET_GRAPH_DIR = join(PACKAGE_ROOT, 'models', 'superlet');

/**
 * Arithmetic of the graph up to the float32 log10 power. Scoring uses float64: its images equal the
 * TypeScript superlet's, and the diffusion noise is keyed by the image bytes, so a single pixel off
 * by one would redraw the noise (see README, "GPU"). float32 is kept for measurements.
 */
export type SuperletPrecision = 'float64' | 'float32';

const graphEntrySchema = z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** zod schema of `models/superlet/model-spec.json` (the parts the app relies on). */
const superletSpecSchema = z.looseObject({
  name: z.literal('superlet'),
  version: z.literal(1),
  graphs: z.object({ float64: graphEntrySchema, float32: graphEntrySchema }),
  /** Superlet order of each frequency, 0.5 Hz first: the bank's columns follow them. */
  orders: z.array(z.number().int().positive()),
});

/** Options of {@link OnnxSuperlet.load}. */
export interface OnnxSuperletOptions extends Pick<SessionOptions, 'threads' | 'spinning'> {
  /** ORT execution provider: 'cpu' or 'cuda'. */
  provider: 'cpu' | 'cuda';
  /** Folder with model-spec.json and the graphs (default {@link DEFAULT_SUPERLET_GRAPH_DIR}). */
  graphDir?: string;
  precision?: SuperletPrecision;
  /** Leads per graph run (default 8 on the CPU, 256 on CUDA; ~11 MB of intermediates per 100-Hz lead in float64). */
  batchSize?: number;
}

/** Constant graph inputs of one (rate, length), as tensors. */
type ConstantFeeds = Record<'bank' | 'window_start' | 'resize_index' | 'resize_weight', ort.Tensor>;

/** ONNX superlet bound to one session; same call shape as the TypeScript worker pool. */
export class OnnxSuperlet {
  readonly provider: 'cpu' | 'cuda';
  readonly precision: SuperletPrecision;
  /** sha256 of the graph file in use. */
  readonly graphSha256: string;
  private readonly session: ort.InferenceSession;
  private readonly batchSize: number;
  private readonly feeds = new Map<string, ConstantFeeds>();

  private constructor(session: ort.InferenceSession, provider: 'cpu' | 'cuda', precision: SuperletPrecision, sha256: string, batchSize: number) {
    this.session = session;
    this.provider = provider;
    this.precision = precision;
    this.graphSha256 = sha256;
    this.batchSize = batchSize;
  }

  /**
   * Reads model-spec.json, checks the graph's sha256 and that its orders per frequency are the
   * TypeScript superlet's, and opens a session on `opts.provider`.
   * @throws InferenceError naming the file for a missing, altered or mismatched graph, or when the
   *   provider cannot start.
   */
  static async load(opts: OnnxSuperletOptions): Promise<OnnxSuperlet> {
    const dir = opts.graphDir ?? DEFAULT_SUPERLET_GRAPH_DIR;
    const precision = opts.precision ?? 'float64';
    const batchSize = opts.batchSize ?? (opts.provider === 'cuda' ? 256 : 8);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InferenceError(`superlet batch size must be a positive integer, got ${batchSize}`);
    }
    const specPath = join(dir, 'model-spec.json');
    const spec = parseSpec(await readOrThrow(specPath), specPath);
    const entry = spec.graphs[precision];
    const graphPath = join(dir, entry.file);
    const bytes = await readOrThrow(graphPath);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== entry.sha256) {
      throw new InferenceError(`${graphPath}: sha256 ${actual} does not match model-spec.json (${entry.sha256})`);
    }
    let session: ort.InferenceSession;
    try {
      session = await createSession(graphPath, [opts.provider], opts);
    } catch (error) {
      throw new InferenceError(`${graphPath}: cannot open the superlet graph on ${opts.provider}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return new OnnxSuperlet(session, opts.provider, precision, actual, batchSize);
  }

  /**
   * Scalograms of many leads (float32 [32 × 256], row 0 = 40 Hz, log10 power), as `superlet()`.
   * Leads of different lengths are run in separate batches; results keep the input order.
   * @throws DspParamError as `superlet()` (bad rate, < 2 samples, a non-finite sample).
   */
  async superletMany(leads: ArrayLike<number>[], fsHz: number): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(leads.length);
    const byLength = new Map<number, number[]>();
    leads.forEach((lead, i) => {
      checkFinite(lead, i);
      const list = byLength.get(lead.length) ?? [];
      list.push(i);
      byLength.set(lead.length, list);
    });
    for (const [n, indices] of byLength) {
      const constant = this.constantFeeds(fsHz, n);
      for (let start = 0; start < indices.length; start += this.batchSize) {
        const chunk = indices.slice(start, start + this.batchSize);
        const scalograms = await this.runBatch(chunk.map((i) => leads[i]), n, constant);
        chunk.forEach((leadIndex, k) => {
          out[leadIndex] = scalograms[k];
        });
      }
    }
    return out;
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }

  private constantFeeds(fsHz: number, nSamples: number): ConstantFeeds {
    const key = `${fsHz}:${nSamples}`;
    let feeds = this.feeds.get(key);
    if (!feeds) {
      const inputs = superletGraphInputs(fsHz, nSamples);
      const bank = this.precision === 'float64' ? inputs.bank : Float32Array.from(inputs.bank);
      feeds = {
        bank: new ort.Tensor(this.precision, bank, [inputs.taps, 2 * inputs.wavelets]),
        window_start: new ort.Tensor('int64', inputs.windowStart, [inputs.windowStart.length]),
        resize_index: new ort.Tensor('int64', inputs.resizeIndex, [2, SUPERLET_COLUMNS]),
        resize_weight: new ort.Tensor('float32', inputs.resizeWeight, [2, SUPERLET_COLUMNS]),
      };
      this.feeds.set(key, feeds);
    }
    return feeds;
  }

  private async runBatch(leads: ArrayLike<number>[], n: number, constant: ConstantFeeds): Promise<Float32Array[]> {
    const signal = this.precision === 'float64' ? new Float64Array(leads.length * n) : new Float32Array(leads.length * n);
    leads.forEach((lead, i) => signal.set(lead, i * n)); // (B, N)
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await this.session.run({ ...constant, signal: new ort.Tensor(this.precision, signal, [leads.length, n]) });
    } catch (error) {
      throw new InferenceError(`superlet graph on ${this.provider}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const data = result.scalogram.data as Float32Array; // (B, 32, 256)
    const size = SUPERLET_ROWS * SUPERLET_COLUMNS;
    return leads.map((_, i) => data.slice(i * size, (i + 1) * size));
  }
}

function checkFinite(lead: ArrayLike<number>, leadIndex: number): void {
  for (let i = 0; i < lead.length; i++) {
    if (!Number.isFinite(lead[i])) {
      throw new DspParamError(`superlet input has a non-finite sample (${lead[i]}) at index ${i} of lead ${leadIndex}`);
    }
  }
}

async function readOrThrow(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new InferenceError(`${path}: cannot read the superlet graph (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseSpec(bytes: Buffer, path: string): z.infer<typeof superletSpecSchema> {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new InferenceError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = superletSpecSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InferenceError(`${path}: invalid superlet spec: ${issues}`);
  }
  const ours = SUPERLET_FREQS_HZ.map(superletOrder);
  const theirs = parsed.data.orders;
  if (theirs.length !== ours.length || theirs.some((order, i) => order !== ours[i])) {
    throw new InferenceError(`${path}: the graph's orders per frequency [${theirs.join(', ')}] differ from the TypeScript superlet's [${ours.join(', ')}]; rebuild it with python -m training.superlet_onnx`);
  }
  return parsed.data;
}

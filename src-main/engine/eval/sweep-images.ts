/**
 * Scalogram images of the PTB-XL subset leads that the paper's protocol evaluates (selection of
 * {@link selectSubsetLeads}), computed once so several sampling settings can score the same images.
 * Images are the ones `ecgnq eval --subset` scores (the model's input contract applied by
 * {@link recordToImages}), so a setting scored here gives the same PSNRs as the eval command with
 * that setting. Item keys (`<npz stem>/<ecg_id>`) only name the leads.
 */
import { basename, join } from 'node:path';
import { JobCancelledError } from '../errors';
import { readSubsetArrays, subsetRecord } from '../importers/npz-subset';
import type { InputContract } from '../inference/model-spec';
import { recordToImages } from '../inference/preprocess';
import type { ImageItem } from '../inference/scorer';
import type { SegmentSqi } from '../metrics/sqi';
import type { SuperletRunner } from '../inference/superlet-images';
import { selectSubsetLeads, type SubsetHalf } from './subset-eval';

/** One selected lead-segment with its image and protocol groups. */
export interface PreparedLead {
  /** Record index in the NPZ. */
  recordIndex: number;
  ecgId: number;
  leadIndex: number;
  /** 'clean' and/or noise types. */
  groups: string[];
  item: ImageItem;
  /** Classical SQIs of the window (metrics/sqi.ts), as `ecgnq eval --subset` computes them; null when not computed. */
  sqi: SegmentSqi | null;
}

/** A computed image with its window's SQIs (the cache entry of {@link prepareSubsetImages}). */
export interface CachedImage {
  item: ImageItem;
  sqi: SegmentSqi | null;
}

/** Images of a protocol selection. */
export interface PreparedSubset {
  fold: number;
  /** Leads per group cap used for the selection (Infinity = all). */
  limit: number;
  leads: PreparedLead[];
  /** Wall time of input contract + superlet per lead-segment actually computed (ms); null if all came from the cache. */
  superletMsPerLead: number | null;
}

/** Options of {@link prepareSubsetImages}. */
export interface PrepareOptions {
  fold?: number;
  /** At most this many leads per group, as `ecgnq eval --limit`. */
  limit?: number;
  /** Records of one half only, as `ecgnq eval --half` (default 'all'). */
  half?: SubsetHalf | 'all';
  /** Superlet runner (default: the shared TypeScript worker pool), e.g. `NoiseScorer.superletRunner`. */
  pool?: SuperletRunner;
  /** Images already computed, keyed `${recordIndex}:${leadIndex}:${segmentIndex}` (read and filled). */
  cache?: Map<string, CachedImage>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Selects the protocol's leads in `dir` (ptbxl_subset_100hz.npz + ptbxl_subset.csv) and computes
 * their scalogram images under `contract`.
 * @throws JobCancelledError when `signal` aborts; reader/DSP errors of the chain.
 */
export async function prepareSubsetImages(dir: string, contract: InputContract, options: PrepareOptions = {}): Promise<PreparedSubset> {
  const fold = options.fold ?? 9;
  const limit = options.limit ?? Infinity;
  const npz = join(dir, 'ptbxl_subset_100hz.npz');
  const arrays = readSubsetArrays(npz);
  const stem = basename(npz).replace(/\.npz$/i, '');
  const selection = selectSubsetLeads(dir, fold, limit, options.half ?? 'all');
  const cache = options.cache ?? new Map<string, CachedImage>();
  const leads: PreparedLead[] = [];
  let computed = 0;
  let computeMs = 0;
  for (const [recordIndex, leadGroups] of selection.leads) {
    if (options.signal?.aborted) {
      throw new JobCancelledError('image preparation cancelled');
    }
    const wanted = [...leadGroups.keys()].sort((a, b) => a - b);
    const missing = wanted.filter((lead) => !cache.has(`${recordIndex}:${lead}:0`));
    if (missing.length > 0) {
      const started = performance.now();
      const images = await recordToImages(subsetRecord(arrays, recordIndex), contract, { leads: missing, pool: options.pool });
      computeMs += performance.now() - started;
      for (const s of images.filter((im) => im.validColumns > 0)) {
        computed += 1;
        cache.set(`${recordIndex}:${s.leadIndex}:${s.segmentIndex}`, {
          item: {
            key: { recordId: `${stem}/${arrays.ecgIds[recordIndex]}`, leadIndex: s.leadIndex, segmentIndex: s.segmentIndex },
            image: s.image,
            validColumns: s.validColumns,
          },
          sqi: s.sqi,
        });
      }
    }
    for (const lead of wanted) {
      for (let segment = 0; cache.has(`${recordIndex}:${lead}:${segment}`); segment++) {
        const { item, sqi } = cache.get(`${recordIndex}:${lead}:${segment}`) as CachedImage;
        leads.push({ recordIndex, ecgId: arrays.ecgIds[recordIndex], leadIndex: lead, groups: leadGroups.get(lead) ?? [], item, sqi });
      }
    }
    options.onProgress?.(leads.length, selection.nLeads);
  }
  return { fold, limit, leads, superletMsPerLead: computed > 0 ? computeMs / computed : null };
}

/**
 * Scores a stream of record chunks (contract-plan.ts) with one model, one chunk at a time: the next
 * chunk's input contract and superlet images are computed while the model runs on the current one,
 * so the superlet back end and the model overlap, across chunks and across records. At most two
 * chunks are held, whatever the recordings' length.
 */
import type { ChunkContext } from './contract-chunk';
import type { ContractChunk } from './contract-plan';
import { type PreparedImages, type SkippedSegment } from './preprocess';
import type { NoiseScorer, Reconstruction, ScoreOptions, SegmentScore } from './scorer';

/** One chunk to score, with whatever the caller needs to know it by. */
export interface ChunkWork<T> {
  ctx: ChunkContext;
  chunk: ContractChunk;
  tag: T;
}

/** A scored chunk, or why it could not be prepared (read or contract error: the stream goes on). */
export type ChunkOutcome<T> =
  | { work: ChunkWork<T>; scores: SegmentScore[]; reconstructions: Reconstruction[]; skipped: SkippedSegment[] }
  | { work: ChunkWork<T>; error: unknown };

type Prepared<T> = { work: ChunkWork<T>; images: Promise<{ ok: true; prepared: PreparedImages } | { ok: false; error: unknown }> };

/**
 * Scores every chunk of `work` in order.
 * @throws InferenceError (and anything else the model raises): a model failure would fail every chunk.
 */
export async function* scoreChunkStream<T>(scorer: NoiseScorer, work: Iterator<ChunkWork<T>>, opts: ScoreOptions = {}): AsyncGenerator<ChunkOutcome<T>> {
  const startNext = (): Prepared<T> | null => {
    const next = work.next();
    if (next.done) {
      return null;
    }
    const w = next.value;
    let images: Prepared<T>['images'];
    try {
      images = scorer.prepareChunk(w.ctx, w.chunk).then(
        (prepared) => ({ ok: true as const, prepared }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    } catch (error) {
      images = Promise.resolve({ ok: false as const, error });
    }
    return { work: w, images };
  };
  let current = startNext();
  while (current) {
    const prepared = await current.images;
    const work = current.work;
    if (!prepared.ok) {
      current = startNext();
      yield { work, error: prepared.error };
      continue;
    }
    // The model starts on this chunk before the next chunk's contract (synchronous) runs.
    const scoring = scorer.scorePrepared(prepared.prepared.segments, opts);
    current = startNext();
    const { scores, reconstructions } = await scoring;
    yield { work, scores, reconstructions, skipped: prepared.prepared.skipped };
  }
}

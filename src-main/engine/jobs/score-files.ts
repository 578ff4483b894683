/**
 * File-mode scoring as a stream: every record of every file, opened for range reads
 * (`openRecordSources`) and scored chunk by chunk (inference/chunk-pipeline.ts), so a day-long
 * recording is scored in the memory of ten minutes of it and its rows come out as they are made.
 * Files or records that cannot be opened are reported through `onFailure` and skipped.
 */
import { EcgFormatError, EngineError } from '../errors';
import { type ChunkOutcome, scoreChunkStream, type ChunkWork } from '../inference/chunk-pipeline';
import { wantedChunks } from '../inference/contract-chunk';
import type { RecordImageOptions } from '../inference/preprocess';
import type { NoiseScorer, ScoreOptions } from '../inference/scorer';
import { openRecordSources } from '../io/load';
import type { SignalSource } from '../types';

/** Which record and chunk a scored chunk belongs to. */
export interface FileChunkTag {
  file: string;
  source: SignalSource;
  /** Chunk position among the record's chunks to score (1-based) and their count. */
  position: number;
  count: number;
}

/** Callbacks of {@link scoreFiles}. */
export interface ScoreFilesEvents {
  /** A file, or a record in it, that cannot be scored at all (`what` names it); the stream goes on. */
  onFailure(what: string, problem: string): void;
  /** A file was opened: how many records it holds. */
  onFile?(file: string, records: number): void;
  /**
   * A record was opened: how many lead-segments its windows hold (for progress totals) and how many
   * chunks will be scored (none: the source is closed already and no outcome will come).
   */
  onRecord?(file: string, source: SignalSource, leadSegments: number, chunks: number): void;
}

/** Options of {@link scoreFiles}: sampling, and the input contract's options. */
export type ScoreFilesOptions = ScoreOptions & Pick<RecordImageOptions, 'fsHz' | 'maxInvalidFraction' | 'chunkWindows'>;

/** The problem of an engine error alone (an EcgFormatError's message repeats the file name). */
function problemOf(error: EngineError): string {
  return error instanceof EcgFormatError ? error.problem : error.message;
}

function* work(scorer: NoiseScorer, files: string[], opts: ScoreFilesOptions, events: ScoreFilesEvents): Generator<ChunkWork<FileChunkTag>> {
  for (const file of files) {
    let sources: SignalSource[];
    try {
      sources = openRecordSources(file, opts.fsHz === undefined ? {} : { fsHz: opts.fsHz });
    } catch (error) {
      if (!(error instanceof EngineError)) {
        throw error;
      }
      events.onFailure(file, problemOf(error));
      continue;
    }
    events.onFile?.(file, sources.length);
    for (const source of sources) {
      let chunks;
      let ctx;
      try {
        ctx = scorer.contractPass(source, { fsHz: opts.fsHz, maxInvalidFraction: opts.maxInvalidFraction, chunkWindows: opts.chunkWindows });
        chunks = wantedChunks(ctx);
      } catch (error) {
        source.close();
        if (!(error instanceof EngineError)) {
          throw error;
        }
        events.onFailure(`${file} [${source.info.name}]`, error.message);
        continue;
      }
      if (chunks.length === 0) {
        source.close();
      }
      events.onRecord?.(file, source, ctx.plan.windows.length * ctx.leads.length, chunks.length);
      for (const [i, chunk] of chunks.entries()) {
        yield { ctx, chunk, tag: { file, source, position: i + 1, count: chunks.length } };
      }
    }
  }
}

/**
 * Scores every record of `files` chunk by chunk, in file, record and time order. Close each
 * outcome's `tag.source` after its last chunk (`position === count`).
 * @throws InferenceError from the model (it would fail every record).
 */
export function scoreFiles(scorer: NoiseScorer, files: string[], opts: ScoreFilesOptions, events: ScoreFilesEvents): AsyncGenerator<ChunkOutcome<FileChunkTag>> {
  return scoreChunkStream(scorer, work(scorer, files, opts, events), opts);
}

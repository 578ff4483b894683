/** Messages between the superlet pool and its worker threads. */
import type { SerializedError } from '../errors';

/** One lead to transform. `signal` is a private copy whose buffer is transferred. */
export interface SuperletTask {
  id: number;
  signal: Float64Array;
  fsHz: number;
}

/** The answer: a float32 [32×256] scalogram, or the error the worker hit. */
export type SuperletTaskResult =
  | { id: number; scalogram: Float32Array; error?: undefined }
  | { id: number; error: SerializedError; scalogram?: undefined };

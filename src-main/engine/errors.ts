/**
 * Typed errors of the engine. Each names the file (or parameter) and the problem, so a batch can
 * report it and carry on with the other files.
 */

import type { EngineErrorCode } from '../../src-shared/types';

export type { EngineErrorCode };

/** Base class: every engine error has a stable `code` and a human message. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A file could not be read as ECG: wrong header, truncated data, NaN, unknown format, etc. */
export class EcgFormatError extends EngineError {
  /** Path or name of the offending file. */
  readonly file: string;
  /** Format being parsed when the problem was found (e.g. 'wfdb', 'edf'). */
  readonly format: string;
  /** Byte offset of the problem when known. */
  readonly byteOffset: number | undefined;
  /** The problem alone, without the file name. */
  readonly problem: string;
  constructor(file: string, format: string, problem: string, byteOffset?: number) {
    super('format', `${file}: ${problem}${byteOffset === undefined ? '' : ` (byte ${byteOffset})`}`);
    this.file = file;
    this.format = format;
    this.problem = problem;
    this.byteOffset = byteOffset;
  }
}

/** A DSP function got parameters it cannot work with (e.g. 0 Hz sampling rate, a too-short signal). */
export class DspParamError extends EngineError {
  constructor(message: string) {
    super('dsp-param', message);
  }
}

/** Model loading or running failed. */
export class InferenceError extends EngineError {
  constructor(message: string) {
    super('inference', message);
  }
}

/** A job was cancelled by its caller. UIs ignore it rather than showing an error. */
export class JobCancelledError extends EngineError {
  constructor(message = 'cancelled') {
    super('cancelled', message);
  }
}

/** Serialisable form of an error for IPC / HTTP / worker messages (no stack traces). */
export interface SerializedError {
  code: EngineErrorCode | 'internal';
  message: string;
}

/** Turns anything thrown into a {code, message} pair. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof EngineError) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof Error) {
    return { code: 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

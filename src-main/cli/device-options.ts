/** `--device` and `--superlet` for every command that scores: the flags, their parsing and the notice line. */
import { EngineError } from '../engine/errors';
import { DEVICE_REQUESTS, type DeviceRequest, SUPERLET_REQUESTS, type SuperletRequest } from '../engine/inference/device';
import type { NoiseScorer } from '../engine/inference/scorer';

/** The two flags as commander gives them. */
export interface DeviceCliOptions {
  device?: string;
  superlet?: string;
}

/** `--device`, as commander's `.option(...DEVICE_FLAG)` arguments. */
export const DEVICE_FLAG = ['--device <auto|cpu|cuda>', 'where to score: auto = CUDA when it works, else the CPU', 'auto'] as const;
/** `--superlet`, as commander's `.option(...SUPERLET_FLAG)` arguments. */
export const SUPERLET_FLAG = [
  '--superlet <auto|ts|onnx>',
  'superlet back end: auto = the ONNX graph on the chosen device (TypeScript workers if it cannot load); both make the same images',
  'auto',
] as const;

function oneOf<T extends string>(flag: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) {
    throw new EngineError('invalid-input', `${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T | undefined;
}

/**
 * The flags as `NoiseScorer.load` options.
 * @throws EngineError('invalid-input') naming the flag for a value it does not take.
 */
export function parseDeviceOptions(o: DeviceCliOptions): { device?: DeviceRequest; superlet?: SuperletRequest } {
  return { device: oneOf('--device', DEVICE_REQUESTS, o.device), superlet: oneOf('--superlet', SUPERLET_REQUESTS, o.superlet) };
}

/** Prints the scorer's back-end notice (CUDA in use, or why not) on `stderr`, if it has one. */
export function printBackendNotice(scorer: NoiseScorer, stderr: NodeJS.WritableStream = process.stderr): void {
  if (scorer.backend.notice) {
    stderr.write(`ecgnq: ${scorer.backend.notice}\n`);
  }
}

/** `--device` and `--superlet` for every command that scores: the flags, their parsing and the notice line. */
import { DEVICE_REQUESTS, type DeviceRequest, SUPERLET_REQUESTS, type SuperletRequest } from '../engine/inference/device';
import type { NoiseScorer } from '../engine/inference/scorer';
import { choiceFlag } from './flags';

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

/**
 * The flags as `NoiseScorer.load` options.
 * @throws EngineError('invalid-input') naming the flag for a value it does not take.
 */
export function parseDeviceOptions(o: DeviceCliOptions): { device?: DeviceRequest; superlet?: SuperletRequest } {
  return { device: choiceFlag('--device', o.device, DEVICE_REQUESTS), superlet: choiceFlag('--superlet', o.superlet, SUPERLET_REQUESTS) };
}

/** Prints the scorer's back-end notice (CUDA in use, or why not) on `stderr`, if it has one. */
export function printBackendNotice(scorer: NoiseScorer, stderr: NodeJS.WritableStream = process.stderr): void {
  if (scorer.backend.notice) {
    stderr.write(`ecgnq: ${scorer.backend.notice}\n`);
  }
}

/** Parsers for CLI flag values shared by the subcommands; they throw a clear `invalid-input` error. */
import { EngineError } from '../engine/errors';

/**
 * Parses a non-negative integer flag; undefined when the flag was not given.
 * @throws EngineError('invalid-input') naming the flag and the value.
 */
export function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new EngineError('invalid-input', `${name} must be a non-negative integer, got '${value}'`);
  }
  return n;
}

/**
 * Parses `--scheduler`; undefined when not given.
 * @throws EngineError('invalid-input') for anything but ddim or ddpm.
 */
export function schedulerFlag(value: string | undefined): 'ddim' | 'ddpm' | undefined {
  if (value !== undefined && value !== 'ddim' && value !== 'ddpm') {
    throw new EngineError('invalid-input', `--scheduler must be ddim or ddpm, got '${value}'`);
  }
  return value;
}

/**
 * Parses a fraction flag in [0, 1] (e.g. `--max-invalid 0.2`); undefined when not given.
 * @throws EngineError('invalid-input') naming the flag and the value.
 */
export function fractionFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new EngineError('invalid-input', `${name} must be a fraction in [0, 1], got '${value}'`);
  }
  return n;
}

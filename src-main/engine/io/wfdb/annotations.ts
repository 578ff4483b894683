/**
 * MIT-format WFDB annotation files (`.atr`, `.qrs`…): 16-bit little-endian words, code in the top
 * 6 bits, sample interval in the low 10; codes 59–63 are SKIP, NUM, SUB, CHN and AUX pseudo-codes.
 * Spec: https://physionet.org/physiotools/wag/annot-5.htm
 */
import { EcgFormatError } from '../../errors';
import type { EcgAnnotation } from '../../types';

const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;
/** Comment annotation code ('"'). */
const NOTE = 22;

/** Standard annotation symbols by code (wfdb ecgcodes.h / wfdb-python `ann_label_table`). */
const SYMBOLS: readonly string[] = [
  ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S', 'E', 'j', '/', 'Q', '~', '', '|', '', 's', 'T', '*', 'D', '"', '=', 'p', 'B',
  '^', 't', '+', 'u', '?', '!', '[', ']', 'e', 'n', '@', 'x', 'f', '(', ')', 'r',
];

/** Beat annotation codes (wfdb `isqrs`): N L R a V F J A S E j / Q e n f r B. */
const BEAT_CODES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 34, 35, 38, 41]);

/** Symbol of an annotation code, or `[code]` for codes without a standard symbol. */
export function annotationSymbol(code: number): string {
  const symbol = SYMBOLS[code];
  return symbol === undefined || symbol === '' ? `[${code}]` : symbol;
}

/** True when the annotation marks a QRS complex (beat). */
export function isBeatAnnotation(annotation: EcgAnnotation): boolean {
  return BEAT_CODES.has(annotation.code);
}

/**
 * Parses an MIT-format annotation file.
 *
 * `chan` and `num` carry over from the previous annotation when not restated; `subtype` and `aux`
 * reset to 0 and ''. AUX strings are decoded as latin1 without trailing NULs. Definition notes at
 * sample 0 and code-0 placeholders are dropped, custom label symbols applied (as wfdb-python).
 *
 * @param bytes - the whole annotation file.
 * @param file - name for errors.
 * @returns annotations in file order, `sample` at the record's frame rate.
 * @throws EcgFormatError when the file ends inside a SKIP or AUX field, or has an odd length.
 */
export function readWfdbAnnotations(bytes: Uint8Array, file: string): EcgAnnotation[] {
  if (bytes.length % 2 !== 0) {
    throw new EcgFormatError(file, 'wfdb', `annotation file has an odd length (${bytes.length} bytes); MIT format uses 16-bit words`);
  }
  const word = (i: number): number => bytes[i]! | (bytes[i + 1]! << 8);
  const out: EcgAnnotation[] = [];
  let sample = 0;
  let chan = 0;
  let num = 0;
  let current: EcgAnnotation | null = null;
  let pos = 0;
  while (pos + 1 < bytes.length) {
    const w = word(pos);
    if (w === 0) {
      break; // end-of-file word
    }
    const code = w >> 10;
    const low = w & 0x3ff;
    pos += 2;
    if (code === SKIP) {
      if (pos + 4 > bytes.length) {
        throw new EcgFormatError(file, 'wfdb', 'annotation file ends inside a SKIP interval (truncated)', pos);
      }
      // PDP-11 long: high 16-bit word first, each word little-endian.
      sample += (word(pos) << 16) | word(pos + 2);
      pos += 4;
    } else if (code === NUM || code === SUB || code === CHN) {
      const byte = low & 0xff;
      if (current !== null) {
        if (code === NUM) {
          num = (byte << 24) >> 24;
          current.num = num;
        } else if (code === SUB) {
          current.subtype = (byte << 24) >> 24;
        } else {
          chan = byte;
          current.chan = chan;
        }
      }
    } else if (code === AUX) {
      const length = low & 0xff;
      const padded = length + (length % 2);
      if (pos + padded > bytes.length) {
        throw new EcgFormatError(file, 'wfdb', `annotation file ends inside a ${length}-byte AUX string (truncated)`, pos);
      }
      if (current !== null) {
        current.aux = new TextDecoder('latin1').decode(bytes.subarray(pos, pos + length)).replace(/\0+$/, '');
      }
      pos += padded;
    } else {
      sample += low;
      current = { sample, symbol: annotationSymbol(code), code, subtype: 0, chan, num, aux: '' };
      out.push(current);
    }
  }
  return applyDefinitions(out);
}

/**
 * Like wfdb-python's rdann: NOTE annotations at sample 0 carry file-level definitions (time
 * resolution, custom label symbols between '## annotation type definitions' and '## end of
 * definitions') and code-0 entries are placeholders; both are dropped, and custom symbols applied.
 */
function applyDefinitions(annotations: EcgAnnotation[]): EcgAnnotation[] {
  const custom = new Map<number, string>();
  let inDefinitions = false;
  const kept: EcgAnnotation[] = [];
  for (const a of annotations) {
    if (a.sample === 0 && a.code === NOTE) {
      if (a.aux === '## annotation type definitions') {
        inDefinitions = true;
      } else if (a.aux === '## end of definitions') {
        inDefinitions = false;
      } else if (inDefinitions) {
        const m = /^(\d+)\s+(\S+)/.exec(a.aux);
        if (m !== null) {
          custom.set(Number(m[1]), m[2]!);
        }
      }
      continue;
    }
    if (a.code !== 0) {
      kept.push(a);
    }
  }
  for (const a of kept) {
    a.symbol = custom.get(a.code) ?? a.symbol;
  }
  return kept;
}

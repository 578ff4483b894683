/**
 * Format registry: which reader handles a file, decided by extension and magic bytes.
 *
 * | format | extensions            | magic                                   |
 * |--------|-----------------------|-----------------------------------------|
 * | wfdb   | .hea (.dat/.mat → sibling .hea) | text record line `NAME NSIG …` |
 * | npy    | .npy                  | "\x93NUMPY"                             |
 * | npz    | .npz                  | "PK\x03\x04" (zip)                      |
 * | edf    | .edf .bdf .rec        | "0       " / "\xffBIOSEMI"              |
 * | csv    | .csv .tsv .txt        | (text)                                  |
 *
 * Magic wins over the extension when they disagree and the magic is unambiguous (e.g. a zip named `.npy`).
 */
import type { RecordFormat } from '../types';
import { sniffWfdb } from './wfdb';

/** How one format is recognised. */
export interface FormatEntry {
  format: RecordFormat;
  /** Lower-case extensions with the dot. */
  extensions: string[];
  /** True when the first bytes of the file are this format's magic (false when the format has none). */
  sniff(head: Uint8Array, fileName: string): boolean;
}

const startsWith = (head: Uint8Array, magic: number[]): boolean => magic.every((b, i) => head[i] === b);

/** Formats in sniffing order. */
export const FORMATS: readonly FormatEntry[] = [
  { format: 'npy', extensions: ['.npy'], sniff: (h) => startsWith(h, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]) },
  { format: 'npz', extensions: ['.npz'], sniff: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) },
  {
    format: 'edf',
    extensions: ['.edf', '.bdf', '.rec'],
    sniff: (h) =>
      startsWith(h, [0xff, 0x42, 0x49, 0x4f, 0x53, 0x45, 0x4d, 0x49]) || // \xffBIOSEMI
      (h.length >= 256 && startsWith(h, [0x30, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20])), // "0       "
  },
  { format: 'wfdb', extensions: ['.hea'], sniff: (h, name) => sniffWfdb(h, name) },
  { format: 'csv', extensions: ['.csv', '.tsv', '.txt'], sniff: () => false },
];

/** WFDB signal-file extensions that lead to the sibling `.hea`. */
export const WFDB_SIGNAL_EXTENSIONS: readonly string[] = ['.dat', '.mat'];

/** Lower-case extension with the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/**
 * Decides the format of a file from its name and first bytes.
 *
 * @param fileName path or name (for the extension)
 * @param head the first bytes of the file (≥ 256 recommended)
 * @returns the format, or null when neither magic nor extension is known
 */
export function detectFormat(fileName: string, head: Uint8Array): RecordFormat | null {
  for (const entry of FORMATS) {
    if (entry.format !== 'wfdb' && entry.sniff(head, fileName)) {return entry.format;}
  }
  const ext = extensionOf(fileName);
  return FORMATS.find((f) => f.extensions.includes(ext))?.format ?? null;
}

/** All extensions the loader accepts (for file pickers and `--help`). */
export function knownExtensions(): string[] {
  return [...FORMATS.flatMap((f) => f.extensions), ...WFDB_SIGNAL_EXTENSIONS];
}

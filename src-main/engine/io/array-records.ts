/**
 * Turns decoded NPY/NPZ arrays into EcgRecords, following these conventions (README "Readers"):
 *
 * - A 1-D array is one lead; [leads, samples] is one record; [N, leads, samples] is N records named
 *   `<stem>[i]` (or by the npz's `ecg_id` / `ids` array when it has N entries).
 * - A 2-D array whose first axis is longer than its second and whose second axis has ≤ 16 entries is taken as
 *   [samples, leads] and transposed (likewise [N, samples, leads]); `metadata.transposed` says so.
 * - NPZ: the signal array is the first of the keys `signals`, `signal`, `ecg`, `data`, `x`, `X`; otherwise the
 *   only floating-point array; otherwise, for archives of `<name>.signal` keys (like the superlet goldens), one
 *   record per `<name>`.
 * - fs: a scalar `fs` / `fs_hz` / `sampling_rate` / `sfreq` key; for `<name>.signal` keys `<name>.fs`, else a
 *   `_<N>hz` suffix of `<name>` (e.g. `tones_360hz` → 360); else the caller's fsHz; else null.
 * - Lead names from a string array `lead_names` / `leads` / `channels` / `sig_name` with one entry per lead, else
 *   `lead0`…; units from a string `units` / `unit` (one for all leads or one per lead): when every lead's unit is a
 *   voltage the values are converted to mV, otherwise they are kept as stored with `unitsKnown: false`.
 * - NaN / ±Inf anywhere → EcgFormatError naming record, lead and sample (no silent repair).
 */
import { EcgFormatError } from '../errors';
import type { EcgRecord } from '../types';
import type { NdArray } from './npy';
import { unitToMvScale } from './units';

/** Options shared by the array converters. */
export interface ArrayRecordOptions {
  /** Sampling rate to use when the file has none. */
  fsHz?: number;
}

const SIGNAL_KEYS = ['signals', 'signal', 'ecg', 'data', 'x', 'X'];
const FS_KEYS = ['fs', 'fs_hz', 'sampling_rate', 'sfreq'];
const ID_KEYS = ['ecg_id', 'ids', 'record_id'];
const LEAD_NAME_KEYS = ['lead_names', 'leads', 'channels', 'sig_name'];
const UNIT_KEYS = ['units', 'unit'];
const MAX_LEADS = 1024;

function stem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]*$/, '');
}

function isFloat(a: NdArray): boolean {
  return /f\d$/.test(a.dtype);
}

/** Scalar value of a 0-d or 1-element array, or null. */
function scalar(a: NdArray | undefined): number | null {
  return a && a.data.length === 1 ? Number(a.data[0]) : null;
}

interface Layout {
  nRecords: number;
  nLeads: number;
  nSamples: number;
  /** Index into the flat data of (record, lead, sample). */
  index: (rec: number, lead: number, sample: number) => number;
  transposed: boolean;
}

function layoutOf(arr: NdArray, file: string, key: string, format: 'npy' | 'npz'): Layout {
  const fail = (p: string): never => {
    throw new EcgFormatError(file, format, `${key ? `array '${key}': ` : ''}${p}`);
  };
  const s = arr.shape;
  if (arr.strings) {fail(`a string array ('${arr.dtype}') is not a signal`);}
  if (s.length === 0) {fail('a scalar is not a signal');}
  if (s.length > 3) {fail(`absurd shape (${s.join(', ')}): expected [samples], [leads, samples] or [N, leads, samples]`);}
  if (s.some((d) => d === 0)) {fail(`zero-length array, shape (${s.join(', ')})`);}
  if (s.length === 1) {return { nRecords: 1, nLeads: 1, nSamples: s[0], index: (_r, _l, i) => i, transposed: false };}
  const [a, b] = s.slice(-2);
  const transposed = a > b && b <= 16;
  const nLeads = transposed ? b : a;
  const nSamples = transposed ? a : b;
  const nRecords = s.length === 3 ? s[0] : 1;
  if (nLeads > MAX_LEADS) {fail(`absurd shape (${s.join(', ')}): ${nLeads} leads`);}
  const perRecord = a * b;
  const index = transposed
    ? (r: number, l: number, i: number) => r * perRecord + i * b + l
    : (r: number, l: number, i: number) => r * perRecord + l * b + i;
  return { nRecords, nLeads, nSamples, index, transposed };
}

function recordsFromArray(
  arr: NdArray,
  file: string,
  key: string,
  fsHz: number | null,
  names: (i: number, n: number) => string,
  format: 'npy' | 'npz',
  extra: Record<string, unknown>,
  labels: { leadNames: string[] | null; units: string[] | null } = { leadNames: null, units: null },
): EcgRecord[] {
  const lay = layoutOf(arr, file, key, format);
  const leadNames = labels.leadNames?.length === lay.nLeads ? labels.leadNames : null;
  const unitList =
    labels.units?.length === 1 ? new Array<string>(lay.nLeads).fill(labels.units[0]) : labels.units?.length === lay.nLeads ? labels.units : null;
  const scales = unitList?.map(unitToMvScale) ?? null;
  const unitsKnown = scales !== null && scales.every((x) => x !== null);
  const data = arr.data;
  const records: EcgRecord[] = [];
  for (let r = 0; r < lay.nRecords; r++) {
    const name = names(r, lay.nRecords);
    const signals: Float64Array[] = [];
    for (let l = 0; l < lay.nLeads; l++) {
      const lead = new Float64Array(lay.nSamples);
      if (lay.transposed) {
        for (let i = 0; i < lay.nSamples; i++) {lead[i] = data[lay.index(r, l, i)];}
      } else {
        const start = lay.index(r, l, 0);
        lead.set(data.subarray(start, start + lay.nSamples));
      }
      const mv = unitsKnown ? scales![l]! : 1;
      for (let i = 0; i < lay.nSamples; i++) {
        const v = lead[i];
        if (!Number.isFinite(v)) {
          throw new EcgFormatError(
            file,
            format,
            `${String(v)} in record '${name}' lead ${l} (${leadNames?.[l] ?? `lead${l}`}) sample ${i}${key ? ` of array '${key}'` : ''}: non-finite values are not accepted`,
          );
        }
        if (mv !== 1) {lead[i] = v * mv;}
      }
      signals.push(lead);
    }
    records.push({
      source: file,
      name,
      format,
      fsHz,
      leadNames: signals.map((_, l) => leadNames?.[l] ?? `lead${l}`),
      signals,
      unitsKnown,
      sourceUnits: signals.map((_, l) => unitList?.[l] ?? 'unknown'),
      metadata: { dtype: arr.dtype, shape: arr.shape, transposed: lay.transposed, ...(key ? { key } : {}), ...extra },
    });
  }
  return records;
}

/** Records from one `.npy` array. */
export function recordsFromNpy(arr: NdArray, file: string, opts: ArrayRecordOptions = {}): EcgRecord[] {
  const base = stem(file);
  return recordsFromArray(arr, file, '', opts.fsHz ?? null, (i, n) => (n === 1 ? base : `${base}[${i}]`), 'npy', {});
}

/**
 * Records from the arrays of an `.npz` (see the module comment for the key conventions).
 *
 * @throws EcgFormatError when no array looks like a signal, or on shape / NaN problems
 */
export function recordsFromNpz(arrays: Map<string, NdArray>, file: string, opts: ArrayRecordOptions = {}): EcgRecord[] {
  const base = stem(file);
  const fileFs = FS_KEYS.map((k) => scalar(arrays.get(k))).find((v) => v !== null) ?? null;
  const fsHz = fileFs ?? opts.fsHz ?? null;
  let key = SIGNAL_KEYS.find((k) => arrays.has(k) && arrays.get(k)!.strings === undefined);
  if (key === undefined) {
    const floats = [...arrays.entries()].filter(([, a]) => isFloat(a) && a.shape.length >= 1);
    if (floats.length === 1) {key = floats[0][0];}
  }
  if (key !== undefined) {
    const arr = arrays.get(key)!;
    const stringsOf = (keys: string[]): string[] | null => {
      const k = keys.find((x) => arrays.get(x)?.strings !== undefined);
      return k === undefined ? null : arrays.get(k)!.strings!;
    };
    const labels = { leadNames: stringsOf(LEAD_NAME_KEYS), units: stringsOf(UNIT_KEYS) };
    const idKey = ID_KEYS.find((k) => arrays.has(k));
    const ids = idKey ? arrays.get(idKey)! : null;
    const names = (i: number, n: number): string => {
      if (n === 1) {return base;}
      if (ids && ids.data.length === n) {return `${base}[${String(ids.data[i])}]`;}
      return `${base}[${i}]`;
    };
    return recordsFromArray(arr, file, key, fsHz, names, 'npz', { fsFromFile: fileFs !== null }, labels);
  }
  // Archives of `<name>.signal` arrays (e.g. the superlet golden file): one record per name.
  const named = [...arrays.keys()].filter((k) => k.endsWith('.signal'));
  if (named.length > 0) {
    return named.flatMap((k) => {
      const name = k.slice(0, -'.signal'.length);
      const fromKey = scalar(arrays.get(`${name}.fs`));
      const fromName = /_(\d+(?:\.\d+)?)hz$/i.exec(name);
      const fs = fromKey ?? (fromName ? Number(fromName[1]) : null) ?? fsHz;
      return recordsFromArray(arrays.get(k)!, file, k, fs, () => name, 'npz', { fsFromFile: fs !== null && fs !== opts.fsHz });
    });
  }
  throw new EcgFormatError(
    file,
    'npz',
    `no signal array: expected a key among ${SIGNAL_KEYS.join(', ')}, a single float array, or '<name>.signal' keys (found ${[...arrays.keys()].join(', ')})`,
  );
}

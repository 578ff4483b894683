/**
 * EDF / EDF+ (and 24-bit BDF) reader. Spec: https://www.edfplus.info/specs/edf.html and edfplus.html.
 * No maintained npm package exists (the few on npm are unmaintained since 2018–2019), so this is hand-written.
 *
 * Header layout (ASCII, fixed-width fields, space padded):
 *   256 bytes  version(8) patient(80) recording(80) startdate(8 dd.mm.yy) starttime(8 hh.mm.ss)
 *              headerBytes(8) reserved(44: 'EDF+C'/'EDF+D') nRecords(8, -1 = unknown) recordDurationS(8) ns(4)
 *   ns×256     label(16) transducer(80) physDim(8) physMin(8) physMax(8) digMin(8) digMax(8)
 *              prefilter(80) samplesPerRecord(8) reserved(32) — each field for all ns signals in turn
 *   data       nRecords × (for each signal: samplesPerRecord × int16 LE; BDF: 3-byte LE)
 *
 * Policies:
 * - Physical value = (digital − digMin) · (physMax − physMin) / (digMax − digMin) + physMin; uV/mV/V → mV.
 * - `EDF Annotations` signals are not leads: their TALs (onset, duration, text) go to `metadata.annotations`.
 * - Channels kept: the ECG-labelled ones ('ECG…', 'EKG…', I–III, aVR/aVL/aVF, V1–V6, MLII) when any exist, else all;
 *   among those, the largest group sharing one samples-per-record (ties → the higher rate). Every other
 *   non-annotation signal is listed in `metadata.droppedSignals` (label, fsHz).
 * - EDF+D (discontinuous) records are concatenated; `metadata.discontinuous` is true.
 * - The file size must equal headerBytes + nRecords × recordBytes (as EDFlib requires).
 */
import { EcgFormatError } from '../errors';
import type { EcgRecord } from '../types';
import { unitToMvScale } from './units';

/** One signal's header fields. */
export interface EdfSignalHeader {
  label: string;
  transducer: string;
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
}

/** The parsed EDF header. */
export interface EdfHeader {
  variant: 'EDF' | 'EDF+C' | 'EDF+D' | 'BDF';
  patient: string;
  recording: string;
  startDate: string;
  startTime: string;
  headerBytes: number;
  nRecords: number;
  recordDurationS: number;
  signals: EdfSignalHeader[];
  bytesPerSample: 2 | 3;
}

/** One EDF+ annotation (time-stamped annotation list entry). */
export interface EdfAnnotation {
  onsetS: number;
  durationS: number | null;
  text: string;
}

// Per-signal field widths in header order.
const SIGNAL_FIELDS: Array<[keyof EdfSignalHeader | 'reserved', number]> = [
  ['label', 16],
  ['transducer', 80],
  ['physicalDimension', 8],
  ['physicalMin', 8],
  ['physicalMax', 8],
  ['digitalMin', 8],
  ['digitalMax', 8],
  ['prefiltering', 80],
  ['samplesPerRecord', 8],
  ['reserved', 32],
];
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ANNOTATION_LABEL = 'EDF Annotations';
const BDF_ANNOTATION_LABEL = 'BDF Annotations';
/** Records above this size are refused (guards against absurd headers before allocating). */
const MAX_SAMPLES = 2 ** 30;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(start, start + length)).trim();
}

/**
 * Parses the fixed header and the signal headers.
 *
 * @throws EcgFormatError on a short file, a bad version field, unparsable numbers, a header length that does
 *   not match the signal count, or inconsistent digital/physical ranges
 */
export function parseEdfHeader(bytes: Uint8Array, file: string): EdfHeader {
  const fail = (problem: string, offset?: number): never => {
    throw new EcgFormatError(file, 'edf', problem, offset);
  };
  if (bytes.length === 0) {fail('empty file');}
  if (bytes.length < 256) {fail(`truncated EDF header: ${bytes.length} of 256 bytes`);}
  const isBdf = bytes[0] === 0xff && ascii(bytes, 1, 7) === 'BIOSEMI';
  if (!isBdf && ascii(bytes, 0, 8) !== '0') {fail(`bad EDF version field '${ascii(bytes, 0, 8)}' (expected '0')`, 0);}
  const num = (start: number, length: number, what: string, integer = false): number => {
    const text = ascii(bytes, start, length);
    if (!NUMBER_RE.test(text) || (integer && !/^[+-]?\d+$/.test(text))) {
      fail(`bad number '${text}' in the ${what} field`, start);
    }
    return Number(text);
  };
  const headerBytes = num(184, 8, 'header length', true);
  const reserved = ascii(bytes, 192, 44);
  const nRecords = num(236, 8, 'number of data records', true);
  const recordDurationS = num(244, 8, 'data record duration');
  const ns = num(252, 4, 'number of signals', true);
  if (ns < 0 || ns > 4096) {fail(`absurd number of signals ${ns}`, 252);}
  if (headerBytes !== 256 * (ns + 1)) {
    fail(`wrong header length: the header says ${headerBytes} bytes but ${ns} signals need ${256 * (ns + 1)}`, 184);
  }
  if (bytes.length < headerBytes) {fail(`truncated EDF header: ${bytes.length} of ${headerBytes} bytes`);}
  if (recordDurationS < 0 || !Number.isFinite(recordDurationS)) {fail(`bad data record duration ${recordDurationS}`, 244);}

  const signals: EdfSignalHeader[] = Array.from({ length: ns }, () => ({
    label: '',
    transducer: '',
    physicalDimension: '',
    physicalMin: 0,
    physicalMax: 0,
    digitalMin: 0,
    digitalMax: 0,
    prefiltering: '',
    samplesPerRecord: 0,
  }));
  let offset = 256;
  for (const [field, width] of SIGNAL_FIELDS) {
    for (let s = 0; s < ns; s++, offset += width) {
      if (field === 'reserved') {continue;}
      const sig = signals[s] as unknown as Record<string, string | number>;
      if (field === 'label' || field === 'transducer' || field === 'physicalDimension' || field === 'prefiltering') {
        sig[field] = ascii(bytes, offset, width);
      } else {
        sig[field] = num(offset, width, `signal ${s + 1} ${field}`, field !== 'physicalMin' && field !== 'physicalMax');
      }
    }
  }
  for (const [s, sig] of signals.entries()) {
    const name = `signal ${s + 1} ('${sig.label}')`;
    if (sig.samplesPerRecord < 0) {fail(`negative samples per record for ${name}`);}
    if (isAnnotationLabel(sig.label)) {continue;}
    if (sig.digitalMax <= sig.digitalMin) {fail(`digital maximum ${sig.digitalMax} ≤ minimum ${sig.digitalMin} for ${name}`);}
    if (sig.physicalMax === sig.physicalMin) {fail(`physical maximum equals minimum (${sig.physicalMin}) for ${name}`);}
  }
  const variant: EdfHeader['variant'] = isBdf
    ? 'BDF'
    : reserved.startsWith('EDF+D')
      ? 'EDF+D'
      : reserved.startsWith('EDF+C')
        ? 'EDF+C'
        : 'EDF';
  return {
    variant,
    patient: ascii(bytes, 8, 80),
    recording: ascii(bytes, 88, 80),
    startDate: ascii(bytes, 168, 8),
    startTime: ascii(bytes, 176, 8),
    headerBytes,
    nRecords,
    recordDurationS,
    signals,
    bytesPerSample: isBdf ? 3 : 2,
  };
}

function isAnnotationLabel(label: string): boolean {
  return label === ANNOTATION_LABEL || label === BDF_ANNOTATION_LABEL;
}

/** Parses the time-stamped annotation lists (TALs) of one annotation signal block. */
function parseTals(block: Uint8Array, out: EdfAnnotation[]): void {
  const text = new TextDecoder('utf-8').decode(block);
  // TAL: +onset[\x15duration]\x14text\x14[text\x14…]\x00
  for (const tal of text.split('\u0000')) {
    if (!tal) {continue;}
    const parts = tal.split('\u0014');
    const [onsetText, durationText] = parts[0].split('\u0015');
    const onsetS = Number(onsetText);
    if (!Number.isFinite(onsetS)) {continue;}
    for (const t of parts.slice(1)) {
      if (t.length > 0) {out.push({ onsetS, durationS: durationText ? Number(durationText) : null, text: t });}
    }
  }
}

// ECG channel labels: 'ECG', 'EKG II', 'ECG_V1', 'I', 'aVR', 'V6', 'MLII'…
const ECG_LABEL_RE = /^(?:(?:ECG|EKG)(?:[\s_-].*)?|(?:ECG|EKG)?\s*(?:I{1,3}|aV[RLF]|V[1-6]|ML(?:I{1,3})))$/i;

/** True when a label names an ECG channel. */
export function isEcgLabel(label: string): boolean {
  return ECG_LABEL_RE.test(label.trim());
}

/**
 * Picks the channels to keep: the ECG-labelled signals when there are any (else every non-annotation signal),
 * then the largest group of them sharing one samples-per-record (ties → the higher rate).
 */
function chooseSignals(signals: EdfSignalHeader[]): number[] {
  const usable = signals.map((s, i) => ({ s, i })).filter(({ s }) => !isAnnotationLabel(s.label) && s.samplesPerRecord > 0);
  const ecg = usable.filter(({ s }) => isEcgLabel(s.label));
  const groups = new Map<number, number[]>();
  (ecg.length > 0 ? ecg : usable).forEach(({ s, i }) => {
    const g = groups.get(s.samplesPerRecord) ?? [];
    g.push(i);
    groups.set(s.samplesPerRecord, g);
  });
  let best: number[] = [];
  let bestSpr = -1;
  for (const [spr, idx] of groups) {
    if (idx.length > best.length || (idx.length === best.length && spr > bestSpr)) {
      best = idx;
      bestSpr = spr;
    }
  }
  return best;
}

/** Lead name from an EDF label: 'ECG II' / 'EKG V1' → 'II' / 'V1'. */
function leadName(label: string, index: number): string {
  const stripped = label.replace(/^(?:ECG|EKG)[\s_-]+/i, '').trim();
  return stripped || `lead${index}`;
}

/** Where the kept channels sit in a file, and what the record looks like (no samples). */
export interface EdfLayout {
  header: EdfHeader;
  nRecords: number;
  /** Bytes of one data record. */
  recordBytes: number;
  /** Byte offset of each signal within a data record. */
  starts: number[];
  /** Kept signal indices (see the module header). */
  chosen: number[];
  /** Samples per data record of the kept signals. */
  samplesPerRecord: number;
  fsHz: number;
  /** Millivolts per physical unit of each kept signal, or null for all when any unit is not a voltage. */
  scales: number[] | null;
  /** Indices of the annotation signals. */
  annotationSignals: number[];
}

/**
 * Checks the header against the file size and picks the channels (everything but the samples).
 *
 * @param fileBytes - the file's size.
 * @throws EcgFormatError for no samples per record, a truncated or over-long file, no ECG-usable
 *   signal, a 0-s record duration or an absurd length.
 */
export function edfLayout(h: EdfHeader, fileBytes: number, file: string): EdfLayout {
  const fail = (problem: string, offset?: number): never => {
    throw new EcgFormatError(file, 'edf', problem, offset);
  };
  const recordSamples = h.signals.reduce((a, s) => a + s.samplesPerRecord, 0);
  const recordBytes = recordSamples * h.bytesPerSample;
  if (recordBytes === 0) {fail('no samples per data record');}
  const dataBytes = fileBytes - h.headerBytes;
  let nRecords = h.nRecords;
  if (nRecords === -1) {nRecords = Math.floor(dataBytes / recordBytes);}
  if (nRecords < 0) {fail(`bad number of data records ${h.nRecords}`, 236);}
  const expected = nRecords * recordBytes;
  if (dataBytes < expected) {
    fail(
      `truncated data records: the header says ${nRecords} records of ${recordBytes} bytes (${expected}), file has ${dataBytes}`,
      h.headerBytes + dataBytes,
    );
  }
  if (dataBytes > expected) {
    fail(`file is longer than its header claims: ${dataBytes - expected} extra bytes after ${nRecords} records`);
  }
  const chosen = chooseSignals(h.signals);
  if (chosen.length === 0) {fail('no signals: the file holds only annotations or empty signals');}
  if (!(h.recordDurationS > 0)) {fail(`data record duration is ${h.recordDurationS} s: sampling rate would be 0 Hz`, 244);}
  const spr = h.signals[chosen[0]].samplesPerRecord;
  if (nRecords * spr > MAX_SAMPLES) {fail(`absurd record length: ${nRecords * spr} samples per signal`);}
  const starts: number[] = [];
  let acc = 0;
  for (const s of h.signals) {
    starts.push(acc);
    acc += s.samplesPerRecord * h.bytesPerSample;
  }
  const scales = chosen.map((i) => unitToMvScale(h.signals[i].physicalDimension));
  return {
    header: h,
    nRecords,
    recordBytes,
    starts,
    chosen,
    samplesPerRecord: spr,
    fsHz: spr / h.recordDurationS,
    scales: scales.every((s) => s !== null) ? (scales as number[]) : null,
    annotationSignals: h.signals.map((s, i) => (isAnnotationLabel(s.label) ? i : -1)).filter((i) => i >= 0),
  };
}

/**
 * Decodes samples `[from, to)` (within one data record) of kept signal `k` from that record's bytes
 * into `out` at `at`: physical value × mV scale.
 */
export function decodeEdfSamples(layout: EdfLayout, block: Uint8Array, base: number, k: number, from: number, to: number, out: Float64Array, at: number): void {
  const h = layout.header;
  const sig = h.signals[layout.chosen[k]];
  const gain = (sig.physicalMax - sig.physicalMin) / (sig.digitalMax - sig.digitalMin);
  const mv = layout.scales ? layout.scales[k] : 1;
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  let p = base + layout.starts[layout.chosen[k]] + from * h.bytesPerSample;
  for (let j = from; j < to; j++) {
    let d: number;
    if (h.bytesPerSample === 2) {
      d = view.getInt16(p, true);
      p += 2;
    } else {
      d = block[p] | (block[p + 1] << 8) | ((block[p + 2] << 24) >> 8); // sign-extend 24-bit
      p += 3;
    }
    out[at + j - from] = ((d - sig.digitalMin) * gain + sig.physicalMin) * mv;
  }
}

/** The annotations of data records held in `block` (records back to back from its start). */
export function blockAnnotations(layout: EdfLayout, block: Uint8Array, records: number, out: EdfAnnotation[]): void {
  for (let r = 0; r < records; r++) {
    for (const a of layout.annotationSignals) {
      const start = r * layout.recordBytes + layout.starts[a];
      parseTals(block.subarray(start, start + layout.header.signals[a].samplesPerRecord * layout.header.bytesPerSample), out);
    }
  }
}

/** Everything of the record but its samples, as `readEdf` reports it. */
export function edfRecordFacts(layout: EdfLayout, file: string, annotations: EdfAnnotation[], name?: string): Omit<EcgRecord, 'signals'> {
  const h = layout.header;
  const { chosen } = layout;
  const dropped = h.signals
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => !chosen.includes(i) && !isAnnotationLabel(s.label))
    .map(({ s }) => ({ label: s.label, fsHz: s.samplesPerRecord / h.recordDurationS }));
  const base = file.split(/[\\/]/).pop() ?? file;
  return {
    source: file,
    name: name ?? base.replace(/\.[^.]*$/, ''),
    format: 'edf',
    fsHz: layout.fsHz,
    leadNames: chosen.map((i, k) => leadName(h.signals[i].label, k)),
    unitsKnown: layout.scales !== null,
    sourceUnits: chosen.map((i) => h.signals[i].physicalDimension || 'unknown'),
    metadata: {
      variant: h.variant,
      patient: h.patient,
      recording: h.recording,
      startDate: h.startDate,
      startTime: h.startTime,
      labels: chosen.map((i) => h.signals[i].label),
      prefiltering: chosen.map((i) => h.signals[i].prefiltering),
      discontinuous: h.variant === 'EDF+D',
      droppedSignals: dropped,
      annotations: annotations.filter((a) => a.text.length > 0),
    },
  };
}

/**
 * Decodes an EDF/EDF+/BDF file into one record (the largest same-rate signal group).
 *
 * @throws EcgFormatError for header problems (see parseEdfHeader), no signals, 0 s record duration,
 *   truncated records, or a file longer than the header claims
 */
export function readEdf(bytes: Uint8Array, file: string, opts: { name?: string } = {}): EcgRecord {
  const layout = edfLayout(parseEdfHeader(bytes, file), bytes.length, file);
  const { nRecords, samplesPerRecord: spr, header: h } = layout;
  const signals = layout.chosen.map(() => new Float64Array(nRecords * spr));
  for (let r = 0; r < nRecords; r++) {
    const base = h.headerBytes + r * layout.recordBytes;
    signals.forEach((out, k) => decodeEdfSamples(layout, bytes, base, k, 0, spr, out, r * spr));
  }
  const annotations: EdfAnnotation[] = [];
  blockAnnotations(layout, bytes.subarray(h.headerBytes), nRecords, annotations);
  return { ...edfRecordFacts(layout, file, annotations, opts.name), signals };
}

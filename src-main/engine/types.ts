/** Core data types shared by the engine's readers, DSP, inference, database and jobs. */

/** File formats the readers understand. */
export type RecordFormat = 'wfdb' | 'npy' | 'npz' | 'csv' | 'edf';

/**
 * One ECG recording as read from disk: every lead converted to millivolts where the file says
 * its units, else left in the file's own units with `unitsKnown: false`.
 */
export interface EcgRecord {
  /** Path (or name) of the file the record came from. */
  source: string;
  /** Record name (WFDB record name, file stem, or `<stem>[index]` for arrays of records). */
  name: string;
  format: RecordFormat;
  /** Sampling rate in Hz, or null when the file does not carry one (NPY, CSV without time column). */
  fsHz: number | null;
  /** One name per lead (e.g. 'I', 'II', 'V1'); 'lead0'… when the file has none. */
  leadNames: string[];
  /** leads × samples; millivolts when `unitsKnown`, else the file's raw values. */
  signals: Float64Array[];
  /** True when `signals` are in millivolts (converted from the file's stated units). */
  unitsKnown: boolean;
  /** The units the file stated per lead (e.g. 'mV', 'uV'), or 'unknown'. */
  sourceUnits: string[];
  /** Format-specific facts worth keeping (header comments, ADC gains, patient info…). */
  metadata: Record<string, unknown>;
}

/** One annotation from a WFDB annotation file (or equivalent). */
export interface EcgAnnotation {
  /** Sample index (at the record's frame rate). */
  sample: number;
  /** Annotation symbol, e.g. 'N', 'V', '~', '+'. */
  symbol: string;
  /** Numeric MIT annotation code. */
  code: number;
  subtype: number;
  chan: number;
  num: number;
  /** Auxiliary text, e.g. '(AFIB' or signal-quality strings. */
  aux: string;
}

/** Where one 10-s window sits in a lead. */
export interface SegmentWindow {
  /** 0-based window index within the record. */
  index: number;
  /** First sample (inclusive). */
  startSample: number;
  /** Last sample (exclusive). */
  endSample: number;
  /**
   * How many of the 256 scalogram time columns are new in this window. Equals 256 except for a
   * trailing window made of the last 10 s, which overlaps the previous one.
   */
  validColumns: number;
}

/** A record's facts without its samples: an {@link EcgRecord} less `signals`, plus the length. */
export interface RecordInfo extends Omit<EcgRecord, 'signals'> {
  /** Samples per lead. */
  nSamples: number;
}

/**
 * Random access to a record's samples without holding them all (streaming readers of
 * `io/signal-source.ts` and `io/load.ts`): what the chunked input contract, imports and the
 * workstation read long recordings through.
 */
export interface SignalSource {
  readonly info: RecordInfo;
  /**
   * Samples `[start, end)` of each lead in `leads` (default all, in record order), as the whole-record
   * reader gives them (mV where `unitsKnown`, NaN for invalid samples). The arrays may be views of a
   * cache: read them, never write them.
   * @throws EcgFormatError when the file is unreadable there; RangeError for a range outside the record.
   */
  read(start: number, end: number, leads?: readonly number[]): Float64Array[];
  /** Releases open files (reads afterwards reopen them). */
  close(): void;
}

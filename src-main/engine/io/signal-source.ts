/**
 * In-memory {@link SignalSource}s and the range check every source shares. File-backed streaming
 * sources are built in `load.ts` (the one module that touches the disk) from the format readers.
 */
import type { EcgRecord, RecordInfo, SignalSource } from '../types';

/** The facts of `record` without its samples. */
export function recordInfo(record: EcgRecord): RecordInfo {
  const { signals, ...rest } = record;
  return { ...rest, nSamples: signals[0]?.length ?? 0 };
}

/**
 * Checks a read request against a record of `nSamples` samples and `nLeads` leads.
 * @returns the lead indices to read.
 * @throws RangeError naming the record for a range or lead outside it.
 */
export function checkRead(info: RecordInfo, start: number, end: number, leads: readonly number[] | undefined): readonly number[] {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > info.nSamples) {
    throw new RangeError(`${info.source}: samples [${start}, ${end}) are outside the record's ${info.nSamples}`);
  }
  const all = leads ?? info.leadNames.map((_, i) => i);
  for (const lead of all) {
    if (!Number.isInteger(lead) || lead < 0 || lead >= info.leadNames.length) {
      throw new RangeError(`${info.source}: no lead ${lead} (the record has ${info.leadNames.length})`);
    }
  }
  return all;
}

/** A source over a record already in memory: reads are views of its arrays. */
export function memorySource(record: EcgRecord): SignalSource {
  const info = recordInfo(record);
  return {
    info,
    read(start, end, leads) {
      return checkRead(info, start, end, leads).map((lead) => record.signals[lead].subarray(start, end));
    },
    close() {},
  };
}

/**
 * Reads a whole source into an {@link EcgRecord} (for code that needs every sample at once, e.g.
 * a short record's detail view). Memory grows with the record: long records should stay sources.
 */
export function readWholeRecord(source: SignalSource): EcgRecord {
  const { nSamples, ...rest } = source.info;
  const signals = source.read(0, nSamples).map((lead) => Float64Array.from(lead));
  return { ...rest, signals };
}

/**
 * EDF/EDF+/BDF files as {@link SignalSource}s: data records have a fixed size, so samples
 * `[s0, s1)` are the bytes of records ⌊s0/spr⌋ … ⌈s1/spr⌉ (spr = samples per record). Gives exactly
 * what `readEdf` gives for that range. EDF+ annotations are spread over every data record: opening
 * a file with an annotation signal reads its records once, block by block, to collect them.
 */
import type { RecordInfo, SignalSource } from '../types';
import type { ByteAccess } from './byte-access';
import { blockAnnotations, decodeEdfSamples, type EdfAnnotation, edfLayout, edfRecordFacts, parseEdfHeader } from './edf';
import { checkRead } from './signal-source';

/** Data records read per step when collecting annotations. */
const ANNOTATION_BLOCK_RECORDS = 256;

/**
 * Opens an EDF/EDF+/BDF file for range reads.
 *
 * @param file - the file's name in `access` (also the record's `source`).
 * @throws EcgFormatError as `readEdf` for the header and the file's layout.
 */
export function openEdfSource(file: string, access: ByteAccess, opts: { name?: string } = {}): SignalSource {
  const size = access.size(file);
  const head = access.read(file, 0, 256);
  const ns = Number(new TextDecoder('latin1').decode(head.subarray(252, 256)).trim());
  const headerBytes = Number.isInteger(ns) && ns >= 0 && ns <= 4096 ? 256 * (ns + 1) : 256;
  const layout = edfLayout(parseEdfHeader(access.read(file, 0, headerBytes), file), size, file);
  const annotations: EdfAnnotation[] = [];
  for (let r = 0; layout.annotationSignals.length > 0 && r < layout.nRecords; r += ANNOTATION_BLOCK_RECORDS) {
    const count = Math.min(ANNOTATION_BLOCK_RECORDS, layout.nRecords - r);
    const block = access.read(file, layout.header.headerBytes + r * layout.recordBytes, count * layout.recordBytes);
    blockAnnotations(layout, block, count, annotations);
  }
  const info: RecordInfo = { ...edfRecordFacts(layout, file, annotations, opts.name), nSamples: layout.nRecords * layout.samplesPerRecord };
  const spr = layout.samplesPerRecord;
  return {
    info,
    read(start, end, leads) {
      const wanted = checkRead(info, start, end, leads);
      const out = wanted.map(() => new Float64Array(end - start));
      if (end === start) {
        return out;
      }
      const r0 = Math.floor(start / spr);
      const r1 = Math.ceil(end / spr);
      const block = access.read(file, layout.header.headerBytes + r0 * layout.recordBytes, (r1 - r0) * layout.recordBytes);
      for (let r = r0; r < r1; r++) {
        const from = Math.max(start, r * spr) - r * spr;
        const to = Math.min(end, (r + 1) * spr) - r * spr;
        wanted.forEach((k, j) => decodeEdfSamples(layout, block, (r - r0) * layout.recordBytes, k, from, to, out[j], r * spr + from - start));
      }
      return out;
    },
    close: () => access.close(),
  };
}

/** Public API of the WFDB reader (header parsing, records, annotations). */
export { readWfdbRecord, sniffWfdb, type ReadWfdbOptions } from './record';
export { decodeHeaderText, parseWfdbHeader, WFDB_DEFAULT_GAIN, type WfdbHeader, type WfdbSignalSpec, type WfdbSegmentSpec } from './header';
export { readWfdbAnnotations, annotationSymbol, isBeatAnnotation } from './annotations';
export type { WfdbChecksumReport, WfdbFileReader } from './segment';
export type { FrameMode } from './frames';

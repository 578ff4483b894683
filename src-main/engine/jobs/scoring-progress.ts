/** Progress of a scoring job (project or files), reported after each chunk of a record and each record. */

/** Where a scoring run stands. */
export interface ScoringProgress {
  /** Lead-segments scored (or, in file mode, skipped) so far, and in the work known so far. */
  segmentsDone: number;
  segmentsTotal: number;
  recordsDone: number;
  recordsTotal: number;
  /** Record in progress with how far through it (e.g. `mitdb/100 12.5/24.0 h`), or the one just finished. */
  current: string;
  /** Estimated seconds left at the rate so far (null until a segment is done). */
  etaS: number | null;
}

/** Seconds left for `total` segments when `done` took the time since `startedMs` (null before the first). */
export function etaSeconds(startedMs: number, done: number, total: number): number | null {
  return done > 0 ? (((Date.now() - startedMs) / 1000) / done) * Math.max(0, total - done) : null;
}

/** How far through a record of `totalS` seconds a chunk ending at `endS` is ('12.5/24.0 h', '40/120 s'). */
export function recordPosition(endS: number, totalS: number): string {
  return totalS >= 3600 ? `${(endS / 3600).toFixed(1)}/${(totalS / 3600).toFixed(1)} h` : `${Math.round(endS)}/${Math.round(totalS)} s`;
}

/** Shape of a benchmark module discovered by bench/run.ts (`bench/<name>.bench.ts`). */

/** One printed table row: column name → value (numbers are printed with 4 significant digits). */
export type BenchRow = Record<string, string | number>;

/** A benchmark module: exports `name`, optional `notes`, and `run()`. */
export interface BenchModule {
  name: string;
  /** Lines printed under the table (e.g. which library was used and why). */
  notes?: string[];
  run(): Promise<BenchRow[]>;
}

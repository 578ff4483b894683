/** Minimal CSV writing (RFC 4180 quoting) used by the exports. */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Quotes a field when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = typeof value === 'number' ? formatNumber(value) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers as CSV text: NaN → '', ±Infinity → 'inf' / '-inf', else up to 10 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) {
    return '';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? 'inf' : '-inf';
  }
  return String(Number(v.toPrecision(10)));
}

/** A Python/pandas-style list of ints, e.g. `[0, 1, 2]`. */
export function pyList(values: number[]): string {
  return `[${values.join(', ')}]`;
}

/** Streams rows to a file (or collects them when `path` is null); returns the row count on close. */
export class CsvWriter {
  private readonly fd: number | null;
  private readonly lines: string[] = [];
  rows = 0;

  constructor(path: string | null, header: string[]) {
    this.fd = path === null ? null : openSync(path, 'w');
    this.writeLine(header.map(csvField).join(','));
  }

  /** Appends one row. */
  write(cells: (string | number | null | undefined)[]): void {
    this.writeLine(cells.map(csvField).join(','));
    this.rows += 1;
  }

  private writeLine(line: string): void {
    if (this.fd === null) {
      this.lines.push(line);
    } else {
      writeSync(this.fd, `${line}\n`);
    }
  }

  /** Closes the file; returns the text when writing to memory, else ''. */
  close(): string {
    if (this.fd !== null) {
      closeSync(this.fd);
      return '';
    }
    return `${this.lines.join('\n')}\n`;
  }
}

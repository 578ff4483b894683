/** The export view's live preview: header, first rows and counts per label and per lead of an export's CSV. */
import { parse } from 'csv-parse/sync';
import type { ExportPreview } from '../../../src-shared/types';

/** Rows shown in the preview. */
const SAMPLE_ROWS = 10;
/** Columns counted as "label" and as "lead", first present wins. */
const LABEL_COLUMNS = ['label', 'value'];
const LEAD_COLUMNS = ['lead_name'];

function countBy(rows: string[][], column: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (column >= 0) {
    for (const row of rows) {
      out[row[column]] = (out[row[column]] ?? 0) + 1;
    }
  }
  return out;
}

/** The preview of an export (`kind`) from its CSV text and row count. */
export function previewCsv(kind: string, csv: { text: string; rows: number }): ExportPreview {
  const [header = [], ...rows] = parse(csv.text, { relaxColumnCount: true }) as string[][];
  const column = (names: string[]): number => header.findIndex((h) => names.includes(h));
  return {
    kind,
    rowCount: csv.rows,
    countsByLabel: countBy(rows, column(LABEL_COLUMNS)),
    countsByLead: countBy(rows, column(LEAD_COLUMNS)),
    header,
    sampleRows: rows.slice(0, SAMPLE_ROWS),
  };
}

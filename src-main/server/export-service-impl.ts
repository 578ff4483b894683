/**
 * Exports of the workstation with live previews. `refined` and `labels` follow the curator's
 * current labels (annotator relabels override the dataset's); `scores` is the engine's reference
 * layout; `audit` is the full label-event log.
 */
import { iterateLabelEvents } from '../engine/db/labels-repo';
import { exportReference } from '../engine/exports/reference';
import { csvField, formatNumber } from '../engine/exports/csv';
import { EngineError } from '../engine/errors';
import type { ExportRequest } from '../../src-shared/ipc-contract';
import type { ExportFile, ExportPreview, SegmentRow } from '../../src-shared/types';
import { DbStore, parseModelKey } from './db-store';
import type { ExportService } from './export-service';
import type { ProjectSession } from './project-session';

const SAMPLE_ROWS = 10;

/** A table ready to write as CSV. */
interface Table {
  header: string[];
  rows: string[][];
  byLabel: Record<string, number>;
  byLead: Record<string, number>;
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

function dbOf(session: ProjectSession): DbStore {
  if (!(session.store instanceof DbStore)) {
    throw new EngineError('invalid-input', 'this export needs a project database');
  }
  return session.store;
}

/**
 * The paper's refinement: among scored segments whose current label is exactly clean, keep the
 * top `top` fraction by PSNR (per lead when `byNoiseType`… is false; see note in the README).
 */
export function refinedRows(all: SegmentRow[], top: number): SegmentRow[] {
  const clean = all.filter((r) => r.psnr !== null && r.currentLabels.length === 1 && r.currentLabels[0] === 'clean');
  clean.sort((a, b) => (b.psnr as number) - (a.psnr as number) || a.id - b.id);
  return clean.slice(0, Math.ceil(clean.length * top - 1e-9));
}

function refinedTable(session: ProjectSession, req: ExportRequest): Table {
  const index = session.index(req.modelId);
  const rows = index.rows(index.idsAt(index.filter({ labelGroup: 'clean', scored: true })));
  let kept: { row: SegmentRow; group: string }[];
  if (req.byNoiseType) {
    // Retraining recipe: one refined clean set per noise-type model; here the same clean pool is
    // ranked once and tagged per noise type present in the project.
    const types = [...new Set(index.rows(index.idsAt(index.filter({ labelGroup: 'noisy' }))).flatMap((r) => r.currentLabels))].sort();
    const refined = refinedRows(rows, req.top);
    kept = types.flatMap((t) => refined.map((row) => ({ row, group: t })));
  } else {
    kept = refinedRows(rows, req.top).map((row) => ({ row, group: '' }));
  }
  const table: Table = {
    header: ['record_id', 'filename', 'lead', 'lead_index', 'segment', 'start_s', 'psnr', 'label', ...(req.byNoiseType ? ['noise_type_model'] : [])],
    rows: [],
    byLabel: {},
    byLead: {},
  };
  const records = session.records();
  for (const { row, group } of kept) {
    table.rows.push([
      row.record,
      records.get(row.recordId)?.source ?? '',
      row.lead,
      String(row.leadIndex),
      String(row.index),
      formatNumber(row.startS),
      formatNumber(row.psnr as number),
      row.currentLabels.join('+'),
      ...(req.byNoiseType ? [group] : []),
    ]);
    count(table.byLabel, req.byNoiseType ? `clean for ${group}` : row.currentLabels.join('+'));
    count(table.byLead, row.lead);
  }
  return table;
}

function labelsTable(session: ProjectSession): Table {
  const index = session.index(undefined);
  const table: Table = { header: ['segment_id', 'record_id', 'lead', 'segment', 'source', 'labels'], rows: [], byLabel: {}, byLead: {} };
  const raters = dbOf(session).annotatorLabelTable();
  for (const [rater, bySegment] of [...raters].sort((a, b) => a[0].localeCompare(b[0]))) {
    const source = rater.includes(':') ? rater : `annotator:${rater}`;
    const rows = index.rows([...bySegment.keys()].sort((a, b) => a - b));
    for (const row of rows) {
      const value = bySegment.get(row.id) as string;
      table.rows.push([String(row.id), row.record, row.lead, String(row.index), source, value]);
      count(table.byLabel, value);
      count(table.byLead, row.lead);
    }
  }
  return table;
}

function auditTable(session: ProjectSession): Table {
  const index = session.index(undefined);
  const table: Table = {
    header: ['event_id', 'segment_id', 'record_id', 'lead', 'segment', 'kind', 'value', 'present', 'source', 'created_at', 'note'],
    rows: [],
    byLabel: {},
    byLead: {},
  };
  for (const e of iterateLabelEvents(dbOf(session).db)) {
    const row = index.row(e.segmentId);
    table.rows.push([
      String(e.id),
      String(e.segmentId),
      row?.record ?? String(e.recordId),
      row?.lead ?? String(e.leadIndex),
      row ? String(row.index) : '',
      e.kind,
      e.value,
      e.present ? '1' : '0',
      e.source,
      e.createdAt,
      e.note,
    ]);
    count(table.byLabel, `${e.present ? '+' : '−'}${e.value}`);
    count(table.byLead, row?.lead ?? String(e.leadIndex));
  }
  return table;
}

function scoresText(session: ProjectSession, req: ExportRequest): { text: string; rows: number } {
  const modelId = session.resolveModel(req.modelId);
  if (!modelId) {
    throw new EngineError('invalid-input', 'Nothing is scored yet: run batch quantification first.');
  }
  return exportReference(dbOf(session).db, parseModelKey(modelId), null);
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  out.push(field);
  return out;
}

function build(session: ProjectSession, req: ExportRequest): { table: Table | null; text: string; rowCount: number } {
  if (req.kind === 'scores') {
    const { text, rows } = scoresText(session, req);
    return { table: null, text, rowCount: rows };
  }
  const table = req.kind === 'refined' ? refinedTable(session, req) : req.kind === 'labels' ? labelsTable(session) : auditTable(session);
  return { table, text: toCsv(table), rowCount: table.rows.length };
}

/** Creates the export service. */
export function createExportService(): ExportService {
  return {
    preview(session, req): ExportPreview {
      const { table, text, rowCount } = build(session, req);
      if (table) {
        return {
          kind: req.kind,
          rowCount,
          countsByLabel: table.byLabel,
          countsByLead: table.byLead,
          header: table.header,
          sampleRows: table.rows.slice(0, SAMPLE_ROWS),
        };
      }
      const lines = text.split('\n').filter((l) => l !== '');
      return {
        kind: req.kind,
        rowCount,
        countsByLabel: {},
        countsByLead: {},
        header: lines.length ? parseCsvLine(lines[0]) : [],
        sampleRows: lines.slice(1, 1 + SAMPLE_ROWS).map(parseCsvLine),
      };
    },
    run(session, req): ExportFile {
      const { text, rowCount } = build(session, req);
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const suffix = req.kind === 'refined' ? `-top${Math.round(req.top * 100)}` : '';
      return { filename: `${req.kind}${suffix}-${stamp}.csv`, mimeType: 'text/csv', content: text, rowCount };
    },
  };
}

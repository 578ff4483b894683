/**
 * The workstation API: one handler per contract channel, shared by Electron IPC and the web
 * host. `dispatch()` validates the channel and payload, runs the handler, and turns any failure
 * into an `{code, message}` error (never a stack trace).
 */
import { CHANNEL, EVENT } from '../../src-shared/contract-names';
import { ZodError } from 'zod';
import { EngineError, JobCancelledError } from '../engine/errors';
import {
  isChannel,
  requestSchemas,
  type ApiError,
  type ApiResult,
  type Channel,
  type EventMap,
  type EventName,
  type ParsedRequest,
  type ResponseMap,
} from '../../src-shared/ipc-contract';
import type { ProjectSummary, SegmentDetail } from '../../src-shared/types';
import { ApiFailure } from './api-failure';
import { minMaxDecimate } from './decimate';
import { recordOverview } from './record-overview';
import { agreementOf } from './agreement';
import { evaluate } from './evaluation';
import type { ExportService } from './export-service';
import type { JobHost } from './job-host';
import type { ProjectSession } from './project-session';
import type { ScalogramService } from './scalogram-service';

/** Buckets of the other-leads previews (2 values each). */
const PREVIEW_BUCKETS = 300;

/** What the handlers run against; hosts (Electron, web) build one. */
export interface WorkbenchContext {
  host: 'electron' | 'web';
  version: string;
  /** The open project, or null. */
  session(): ProjectSession | null;
  /** Opens (or creates) a project; absent on hosts bound to one project. */
  openProject?: (path: string, create: boolean) => Promise<ProjectSession>;
  scalograms: ScalogramService | null;
  exports: ExportService | null;
  jobs: JobHost | null;
  /** Pushes an event to every connected renderer. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

type Handler<C extends Channel> = (req: ParsedRequest<C>) => Promise<ResponseMap[C]> | ResponseMap[C];
/** One handler per channel. */
export type Handlers = { [C in Channel]: Handler<C> };

function requireSession(ctx: WorkbenchContext): ProjectSession {
  const session = ctx.session();
  if (!session) {
    throw new ApiFailure('no-project', 'No project is open: open or create a project first.');
  }
  return session;
}

function requireService<T>(service: T | null, what: string): T {
  if (service === null) {
    throw new ApiFailure('unavailable', `${what} is not available in this build.`);
  }
  return service;
}

/** Summary of the open project. */
export function summarize(session: ProjectSession): ProjectSummary {
  const index = session.index(undefined);
  const models = session.models();
  const datasets = session.datasetRows();
  const scored = index.filter({ scored: true }).length;
  const labelled = index.size - index.filter({ labels: ['unlabelled'] }).length;
  return {
    path: session.store.path,
    datasets,
    models,
    segmentCount: index.size,
    scoredCount: scored,
    labelledCount: labelled,
    annotators: session.store.listAnnotators(),
    facets: index.facets(),
  };
}

/** Builds the handler table over a context. */
export function createHandlers(ctx: WorkbenchContext): Handlers {
  return {
    [CHANNEL.appInfo]: () => ({
      version: ctx.version,
      host: ctx.host,
      canOpenProjects: ctx.openProject !== undefined,
      projectPath: ctx.session()?.store.path ?? null,
      unavailable: {
        ...(ctx.scalograms ? {} : { [CHANNEL.segmentScalograms]: 'scalogram service not built' }),
        ...(ctx.exports ? {} : { [CHANNEL.exportRun]: 'export service not built' }),
        ...(ctx.jobs ? {} : { [CHANNEL.datasetImport]: 'job host not built', [CHANNEL.quantifyStart]: 'job host not built' }),
      },
    }),
    [CHANNEL.projectOpen]: async (req) => {
      if (!ctx.openProject) {
        throw new ApiFailure('invalid-input', 'This host serves one project; restart `ecgnq serve --db <file>` to change it.');
      }
      return summarize(await ctx.openProject(req.path, req.create));
    },
    [CHANNEL.projectSummary]: () => {
      const session = ctx.session();
      return session ? summarize(session) : null;
    },
    [CHANNEL.datasetImport]: (req) => ({ jobId: requireService(ctx.jobs, 'Importing').startImport(requireSession(ctx), req) }),
    [CHANNEL.quantifyStart]: (req) => ({ jobId: requireService(ctx.jobs, 'Scoring').startQuantify(requireSession(ctx), req) }),
    [CHANNEL.jobCancel]: (req) => ({ cancelled: requireService(ctx.jobs, 'Jobs').cancel(req.jobId) }),
    [CHANNEL.jobList]: () => ctx.jobs?.list() ?? [],
    [CHANNEL.segmentsQuery]: (req) => {
      const started = performance.now();
      const index = requireSession(ctx).index(req.modelId);
      const positions = index.sort(index.filter(req.filter), req.sort);
      return {
        total: positions.length,
        ids: index.idsAt(positions),
        histogram: index.histogram(positions),
        elapsedMs: performance.now() - started,
      };
    },
    [CHANNEL.segmentsRows]: (req) => requireSession(ctx).index(req.modelId).rows(req.ids),
    [CHANNEL.segmentDetail]: (req) => segmentDetail(requireSession(ctx), req.segmentId, req.modelId),
    [CHANNEL.segmentScalograms]: (req) =>
      requireService(ctx.scalograms, 'Scalograms').compute(requireSession(ctx), req.segmentId, req.modelId),
    [CHANNEL.recordOverview]: (req) => recordOverview(requireSession(ctx), req),
    [CHANNEL.labelSet]: (req) => {
      const session = requireSession(ctx);
      const event = session.store.appendLabel(req.segmentId, req.annotator, req.value, req.note ?? null);
      session.applyRelabel(req.segmentId, req.value, req.annotator.trim().replace(/\s+/g, '_'));
      ctx.emit(EVENT.labelsChanged, { segmentIds: [req.segmentId] });
      return event;
    },
    [CHANNEL.labelUndo]: (req) => {
      const session = requireSession(ctx);
      const event = session.store.undoLast(req.segmentId, req.annotator);
      if (event) {
        // Rebuild the segment's annotator label from the store (the undo may restore an older one).
        const current = session.store.currentAnnotatorLabel(req.segmentId);
        session.applyRelabel(req.segmentId, current?.value ?? null, current?.annotator ?? null);
        ctx.emit(EVENT.labelsChanged, { segmentIds: [req.segmentId] });
      }
      return event;
    },
    [CHANNEL.labelNote]: (req) => {
      const session = requireSession(ctx);
      const event = session.store.appendLabel(req.segmentId, req.annotator, null, req.note);
      ctx.emit(EVENT.labelsChanged, { segmentIds: [req.segmentId] });
      return event;
    },
    [CHANNEL.evaluation]: (req) => evaluate(requireSession(ctx).index(req.modelId)),
    [CHANNEL.reviewQueue]: (req) => {
      const index = requireSession(ctx).index(req.modelId);
      const positions = Array.from(index.filter({ disagreement: true, threshold: req.threshold }));
      const strength = new Map(positions.map((p) => [p, index.disagreement(p, req.threshold)]));
      positions.sort((a, b) => (strength.get(b) ?? 0) - (strength.get(a) ?? 0) || a - b);
      return index.rows(index.idsAt(Int32Array.from(positions.slice(0, req.limit))));
    },
    [CHANNEL.agreement]: () => agreementOf(requireSession(ctx).store.annotatorLabelTable()),
    [CHANNEL.exportPreview]: (req) => requireService(ctx.exports, 'Export').preview(requireSession(ctx), req),
    [CHANNEL.exportRun]: (req) => requireService(ctx.exports, 'Export').run(requireSession(ctx), req),
  };
}

async function segmentDetail(session: ProjectSession, segmentId: number, modelId: string | undefined): Promise<SegmentDetail> {
  const started = performance.now();
  const index = session.index(modelId);
  const row = index.row(segmentId);
  if (!row) {
    throw new ApiFailure('not-found', `Segment ${segmentId} does not exist.`);
  }
  const record = await session.recordSignals(row.recordId);
  const fsHz = record.fsHz;
  const n = record.record.info.nSamples;
  const start = Math.min(n, Math.round(row.startS * fsHz));
  const end = Math.min(n, Math.round(row.endS * fsHz));
  if (row.leadIndex >= record.leadNames.length) {
    throw new ApiFailure('not-found', `Lead ${row.lead} is missing from ${record.source}.`);
  }
  // Only the window's samples are read, whatever the recording's length.
  const window = record.record.read(start, end);
  const trace = Array.from(window[row.leadIndex], (v) => Math.round(v * 1e4) / 1e4);
  const previews = window.map((lead) => minMaxDecimate(lead, PREVIEW_BUCKETS));
  const siblings = index.siblings(segmentId);
  return {
    row,
    recordSource: record.source,
    fsHz,
    unitsKnown: record.unitsKnown,
    leadNames: record.leadNames,
    startS: row.startS,
    trace,
    previews,
    siblingIds: record.leadNames.map((_, i) => siblings.get(i) ?? null),
    scores: session.store.scoresOf(segmentId),
    labelHistory: session.store.labelHistory(segmentId),
    elapsedMs: performance.now() - started,
  };
}

/** Turns anything thrown into the API's error shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return { code: 'invalid-input', message: `Invalid request: ${issues}` };
  }
  if (error instanceof JobCancelledError) {
    return { code: 'cancelled', message: error.message };
  }
  if (error instanceof EngineError) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof Error) {
    const sqlite = (error as { code?: unknown }).code;
    if (typeof sqlite === 'string' && sqlite.startsWith('SQLITE_')) {
      return { code: 'database', message: error.message };
    }
    return { code: 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

/**
 * Validates and runs one call: unknown channels and invalid payloads are rejected before any
 * handler runs.
 */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isChannel(channel)) {
      throw new ApiFailure('invalid-input', `Unknown channel "${channel}".`);
    }
    const req = requestSchemas[channel].parse(payload ?? {});
    const handler = handlers[channel] as (r: unknown) => unknown;
    return { ok: true, value: await handler(req) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

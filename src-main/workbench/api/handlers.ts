/**
 * The workstation API: one handler per contract channel, shared by Electron IPC and the web host.
 * Handlers are thin: they check that a project is open and call the engine's project model.
 */
import { APP_VERSION } from '../../engine/package-info';
import { exportProject, type ProjectExportOptions } from '../../engine/project/project-exports';
import { CHANNEL, EVENT } from '../../../src-shared/contract-names';
import type { Channel, EventMap, EventName, ExportRequest, ParsedRequest, ResponseMap } from '../../../src-shared/ipc-contract';
import type { JobHost } from '../jobs/job-host';
import { recordOverview } from '../record-overview';
import type { ScalogramService } from '../scalograms';
import { segmentDetail } from '../segment-detail';
import type { WorkbenchSession } from '../session';
import { ApiFailure } from './api-failure';
import { previewCsv } from './export-preview';

/** What the handlers run against; hosts (Electron, web) build one with `createWorkbench`. */
export interface WorkbenchContext {
  host: 'electron' | 'web';
  /** The open project, or null. */
  session(): WorkbenchSession | null;
  /** Opens (or creates) a project; absent on hosts bound to one project. */
  openProject?: (path: string, create: boolean) => WorkbenchSession;
  scalograms: ScalogramService;
  jobs: JobHost;
  /** Pushes an event to every connected renderer. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

type Handler<C extends Channel> = (req: ParsedRequest<C>) => Promise<ResponseMap[C]> | ResponseMap[C];
/** One handler per channel. */
export type Handlers = { [C in Channel]: Handler<C> };

function requireSession(ctx: WorkbenchContext): WorkbenchSession {
  const session = ctx.session();
  if (!session) {
    throw new ApiFailure('no-project', 'No project is open: open or create a project first.');
  }
  return session;
}

/** The engine's export options for a workstation export request. */
function exportOptions(req: ExportRequest): ProjectExportOptions {
  return { kind: req.kind, modelId: req.modelId, top: req.top, byNoiseType: req.byNoiseType ? 'present' : undefined, filter: req.filter, unscored: req.unscored };
}

/** Builds the handler table over a context. */
export function createHandlers(ctx: WorkbenchContext): Handlers {
  const model = () => requireSession(ctx).current();
  return {
    [CHANNEL.appInfo]: () => ({ version: APP_VERSION, host: ctx.host, canOpenProjects: ctx.openProject !== undefined, projectPath: ctx.session()?.path ?? null }),
    [CHANNEL.projectOpen]: (req) => {
      if (!ctx.openProject) {
        throw new ApiFailure('invalid-input', 'This host serves one project; restart `ecgnq serve --db <file>` to change it.');
      }
      return ctx.openProject(req.path, req.create).current().summary();
    },
    [CHANNEL.projectSummary]: () => ctx.session()?.current().summary() ?? null,
    [CHANNEL.thresholdSet]: (req) => ({ thresholdDb: model().setThresholdDb(req.thresholdDb) }),
    [CHANNEL.datasetImport]: (req) => ({ jobId: ctx.jobs.startImport(requireSession(ctx), req) }),
    [CHANNEL.quantifyStart]: (req) => ({ jobId: ctx.jobs.startQuantify(requireSession(ctx), req) }),
    [CHANNEL.jobCancel]: (req) => ({ cancelled: ctx.jobs.cancel(req.jobId) }),
    [CHANNEL.jobList]: () => ctx.jobs.list(),
    [CHANNEL.segmentsQuery]: (req) => {
      const started = performance.now();
      const result = model().query(req.filter, req.sort, req.modelId);
      return { ...result, elapsedMs: performance.now() - started };
    },
    [CHANNEL.segmentsRows]: (req) => model().rows(req.ids, req.modelId),
    [CHANNEL.segmentDetail]: (req) => segmentDetail(requireSession(ctx), req.segmentId, req.modelId),
    [CHANNEL.segmentScalograms]: (req) => ctx.scalograms.compute(requireSession(ctx), req.segmentId, req.modelId),
    [CHANNEL.recordOverview]: (req) => recordOverview(requireSession(ctx), req),
    [CHANNEL.labelSet]: (req) => {
      const [event] = model().setLabel([req.segmentId], req.annotator, req.value, req.note ?? null);
      ctx.emit(EVENT.labelsChanged, { segmentIds: [req.segmentId] });
      return event;
    },
    [CHANNEL.labelSetMany]: (req) => {
      const changed = model().setLabelMany(req.segmentIds, req.annotator, req.value, req.note ?? null);
      ctx.emit(EVENT.labelsChanged, { segmentIds: req.segmentIds });
      return { changed };
    },
    [CHANNEL.labelUndo]: (req) => {
      const event = model().undoLast(req.segmentId, req.annotator);
      if (event) {
        ctx.emit(EVENT.labelsChanged, { segmentIds: [req.segmentId] });
      }
      return event;
    },
    [CHANNEL.labelNote]: (req) => {
      const event = model().addNote(req.segmentId, req.annotator, req.note);
      ctx.emit(EVENT.labelsChanged, { segmentIds: [req.segmentId] });
      return event;
    },
    [CHANNEL.evaluation]: (req) => model().evaluate({ modelId: req.modelId }),
    [CHANNEL.reviewQueue]: (req) =>
      model().reviewQueue({
        modelId: req.modelId,
        thresholdDb: req.threshold,
        filter: req.filter,
        disagreementsOnly: req.disagreementsOnly,
        sort: req.sort,
        annotator: req.annotator,
        limit: req.limit,
      }),
    [CHANNEL.agreement]: () => model().agreement(),
    [CHANNEL.exportPreview]: (req) => previewCsv(req.kind, exportProject(model(), exportOptions(req), null)),
    [CHANNEL.exportRun]: (req) => {
      const { text, rows, summary } = exportProject(model(), exportOptions(req), null);
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const suffix = `${req.kind === 'refined' ? `-top${Math.round(req.top * 100)}` : ''}${req.filter ? '-filtered' : ''}`;
      return { filename: `${req.kind}${suffix}-${stamp}.csv`, mimeType: 'text/csv', content: text, rowCount: rows, summary };
    },
  };
}

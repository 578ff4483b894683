/**
 * `ecgnq serve`: the workstation for one project as a local web app — the shared back end
 * (`workbench/`) behind the HTTP + WebSocket host.
 */
import { Workbench } from '../workbench/workbench';
import { RENDERER_DIR } from '../workbench/renderer-files';
import { startWebHost, type WebHost } from './http-host';

/** Options of {@link startServe}. */
export interface ServeOptions {
  dbPath: string;
  host?: string;
  port?: number;
  token?: string;
  /** Built renderer folder (default out/renderer). */
  rendererDir?: string;
  /** Model folders for reconstructions and scoring (default: models/default). */
  modelDirs?: string[];
}

/** A running web host with its project. */
export interface ServeHandle {
  host: WebHost;
  workbench: Workbench;
  close(): Promise<void>;
}

/**
 * Opens `dbPath` (must exist) and serves it.
 * @throws EngineError('not-found') when the project file does not exist.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  let web: WebHost | null = null;
  const workbench = new Workbench({ host: 'web', canOpenProjects: false, modelDirs: options.modelDirs, emit: (event, payload) => web?.emit(event, payload) });
  try {
    workbench.open(options.dbPath);
    web = await startWebHost({
      handlers: workbench.handlers,
      rendererDir: options.rendererDir ?? RENDERER_DIR,
      host: options.host,
      port: options.port,
      token: options.token,
    });
  } catch (error) {
    workbench.close();
    throw error;
  }
  const host = web;
  return {
    host,
    workbench,
    async close() {
      await host.close();
      workbench.close();
    },
  };
}

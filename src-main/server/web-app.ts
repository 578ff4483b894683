/**
 * Assembles the web host for one project: opens the database, builds the workstation context
 * (the same handlers Electron uses) and starts HTTP + WebSocket.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../engine/errors';
import { createHandlers, type WorkbenchContext } from './api-handlers';
import { openDbStore } from './db-store';
import { startWebHost, type WebHost } from './http-host';
import { ProjectSession } from './project-session';
import { createServices } from './services';

/** Version reported by `ecg:app.info`. */
export const APP_VERSION = '0.1.0';

/** The built renderer folder (`out/renderer` at the repository root). */
export function defaultRendererDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../out/renderer');
}

/** Options of {@link startServe}. */
export interface ServeOptions {
  dbPath: string;
  host?: string;
  port?: number;
  token?: string;
  rendererDir?: string;
  /** Model folders for scalogram reconstructions and scoring (default: models/default). */
  modelDirs?: string[];
}

/** The bundled default model folder. */
export function defaultModelDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../models/default');
}

/** A running web host with its project. */
export interface ServeHandle {
  host: WebHost;
  session: ProjectSession;
  close(): Promise<void>;
}

/**
 * Opens `dbPath` (must exist) and serves it.
 * @throws EngineError('not-found') when the project file does not exist.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  if (!existsSync(options.dbPath)) {
    throw new EngineError('not-found', `${options.dbPath}: no such project (create one with \`ecgnq import … --db ${options.dbPath}\`)`);
  }
  const session = new ProjectSession(openDbStore(options.dbPath));
  let web: WebHost | null = null;
  const ctx: WorkbenchContext = {
    host: 'web',
    version: APP_VERSION,
    session: () => session,
    ...createServices({
      modelDirs: options.modelDirs && options.modelDirs.length > 0 ? options.modelDirs : [defaultModelDir()],
      emit: (event, payload) => web?.emit(event, payload),
    }),
    emit: (event, payload) => web?.emit(event, payload),
  };
  web = await startWebHost({
    handlers: createHandlers(ctx),
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    host: options.host,
    port: options.port,
    token: options.token,
  });
  const host = web;
  return {
    host,
    session,
    async close() {
      await host.close();
      session.close();
    },
  };
}

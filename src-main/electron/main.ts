/**
 * Electron main process: serves the built renderer from `app://renderer`, opens one hardened
 * window, answers the contract over IPC with the same handlers as the web host, and runs jobs in
 * worker threads. Usage: `npm start -- --db project.sqlite [--model DIR]`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { app, BrowserWindow, protocol } from 'electron';
import { useCompiledSuperletWorker } from '../engine/workers/superlet-pool';
import { createHandlers, type WorkbenchContext } from '../server/api-handlers';
import { openDbStore } from '../server/db-store';
import { ProjectSession } from '../server/project-session';
import { createServices } from '../server/services';
import { APP_VERSION } from '../server/web-app';
import { broadcast, registerIpc, trustWindow } from './ipc';
import { APP_SCHEME, hardenContents, hardenSession, secureWebPreferences } from './security';

const here = dirname(fileURLToPath(import.meta.url));
// The superlet workers of this process: the build's compiled worker (no sources or tsx at run time).
useCompiledSuperletWorker(new URL('./superlet-worker.js', import.meta.url));
const rendererDir = resolve(here, '../renderer');
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function argValue(name: string): string[] {
  const values: string[] = [];
  process.argv.forEach((arg, i) => {
    if (arg === name && process.argv[i + 1]) {
      values.push(process.argv[i + 1]);
    } else if (arg.startsWith(`${name}=`)) {
      values.push(arg.slice(name.length + 1));
    }
  });
  return values;
}

let current: ProjectSession | null = null;

async function openProject(path: string, create: boolean): Promise<ProjectSession> {
  const next = new ProjectSession(openDbStore(resolve(path), create));
  current?.close();
  current = next;
  return next;
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = resolve(join(rendererDir, normalize(relative)));
    if (url.host !== 'renderer' || (file !== rendererDir && !file.startsWith(rendererDir + sep))) {
      return new Response('forbidden', { status: 403 });
    }
    try {
      return new Response(await readFile(file), { headers: { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'ECG Noise Workbench',
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  trustWindow(window);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_SCHEME}://renderer/index.html`);
}

async function main(): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveRenderer();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  const modelDirs = argValue('--model');
  const ctx: WorkbenchContext = {
    host: 'electron',
    version: APP_VERSION,
    session: () => current,
    openProject,
    ...createServices({
      modelDirs: modelDirs.length > 0 ? modelDirs : [join(app.getAppPath(), 'models/default')],
      emit: broadcast,
      spawnJobWorker: () => new Worker(join(here, 'job-worker.js')),
    }),
    emit: broadcast,
  };
  const db = argValue('--db')[0];
  if (db) {
    await openProject(db, false);
  }
  registerIpc(createHandlers(ctx));
  await createWindow();
  app.on('window-all-closed', () => {
    current?.close();
    app.quit();
  });
}

void main();

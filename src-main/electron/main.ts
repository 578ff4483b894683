/**
 * Electron main process: serves the built renderer from `app://renderer`, opens one hardened
 * window, answers the contract over IPC with the same handlers as the web host, and runs jobs in
 * worker threads. Usage: `npm start -- --db project.sqlite [--model DIR]`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { app, BrowserWindow, protocol } from 'electron';
import { useCompiledSuperletWorker } from '../engine/workers/superlet-pool';
import { mediaType, RENDERER_DIR, rendererFile } from '../workbench/renderer-files';
import { Workbench } from '../workbench/workbench';
import { broadcast, registerIpc, trustWindow } from './ipc';
import { APP_SCHEME, hardenContents, hardenSession, secureWebPreferences } from './security';

const here = dirname(fileURLToPath(import.meta.url));
// The superlet workers of this process: the build's compiled worker (no sources or tsx at run time).
useCompiledSuperletWorker(new URL('./superlet-worker.js', import.meta.url));

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

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'renderer' ? rendererFile(RENDERER_DIR, url.pathname) : null;
    if (file === null) {
      return new Response('forbidden', { status: 403 });
    }
    try {
      return new Response(await readFile(file), { headers: { 'Content-Type': mediaType(file) } });
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
  const workbench = new Workbench({
    host: 'electron',
    canOpenProjects: true,
    modelDirs: argValue('--model'),
    emit: broadcast,
    spawnJobWorker: () => new Worker(join(here, 'job-worker.js')),
  });
  const db = argValue('--db')[0];
  if (db) {
    workbench.open(resolve(db));
  }
  registerIpc(workbench.handlers);
  await createWindow();
  app.on('window-all-closed', () => {
    workbench.close();
    app.quit();
  });
}

void main();

/**
 * Builds the three processes: main (Electron entry + job worker), preload (sandboxed, one CJS
 * file), renderer (Svelte 5). Building does not need the Electron binary.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * The engine's superlet pool starts `./ts-worker-bootstrap.mjs` + `./superlet.worker.ts` next to
 * its own module. In the bundled main those files are not beside the chunk, so place the bootstrap
 * there and a one-line shim that imports the worker source (run through tsx, a dependency).
 */
function superletWorkerFiles() {
  return {
    name: 'ecgnq-superlet-worker-files',
    writeBundle() {
      const chunks = join(root, 'out/main/chunks');
      mkdirSync(chunks, { recursive: true });
      copyFileSync(join(root, 'src-main/engine/workers/ts-worker-bootstrap.mjs'), join(chunks, 'ts-worker-bootstrap.mjs'));
      const worker = pathToFileURL(join(root, 'src-main/engine/workers/superlet.worker.ts')).href;
      writeFileSync(join(chunks, 'superlet.worker.ts'), `import '${worker}';\n`);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [superletWorkerFiles()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          'job-worker': resolve(root, 'src-main/electron/job-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: bundle everything into one file.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      minify: true,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});

/**
 * Facts about the installed package, found from wherever this code runs (the TypeScript sources,
 * the Electron bundle in out/main, a worker): its root folder, version and bundled default model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'ecg-noise-workbench';

/** The package's root folder: the nearest folder above this module whose package.json is ours. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`${PACKAGE_NAME}: no package.json of ours above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

/** Root folder of the package (where package.json, models/ and out/ are). */
export const PACKAGE_ROOT = findPackageRoot();

/** The package version (package.json), reported by `ecgnq --version` and `ecg:app.info`. */
export const APP_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The bundled default model folder (`models/default`), used when no `--model` is given. */
export const DEFAULT_MODEL_DIR = join(PACKAGE_ROOT, 'models', 'default');

/**
 * The built renderer's files, as both hosts serve them (Electron's `app://renderer` scheme and the
 * web host): where they are, which request path maps to which file, and each file's media type.
 */
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../engine/package-info';

/** The built renderer folder (`out/renderer`, written by `npm run build`). */
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer');

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** The media type of a file by its extension. */
export function mediaType(file: string): string {
  return MEDIA_TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The file a request path names inside `rendererDir` ('/' is index.html), or null when the path
 * escapes the folder.
 */
export function rendererFile(rendererDir: string, pathname: string): string | null {
  const root = resolve(rendererDir);
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = resolve(join(root, normalize(relative)));
  return file === root || file.startsWith(root + sep) ? file : null;
}

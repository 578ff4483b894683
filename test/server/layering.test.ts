/**
 * Layering rules of the workstation (STYLE.md habits 1, 3, 4, 12), checked on the source text:
 * only src-main/electron and the preload import `electron`; the engine never does; only the
 * renderer's lib/api touches `window.ecg` or `fetch`; no `ecg:` channel string outside src-shared.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function files(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...files(path, pattern));
    } else if (pattern.test(name) && !name.endsWith('.spec.ts')) {
      out.push(path);
    }
  }
  return out;
}

const SOURCES = /\.(ts|svelte)$/;
const importsElectron = /from ['"]electron['"]|require\(['"]electron['"]\)/;

describe('workstation layering', () => {
  it('imports electron only in src-main/electron and src-preload', () => {
    const offenders = [...files(join(ROOT, 'src-main'), SOURCES), ...files(join(ROOT, 'src-renderer'), SOURCES), ...files(join(ROOT, 'src-shared'), SOURCES)]
      .filter((f) => !f.includes(`${join('src-main', 'electron')}`))
      .filter((f) => importsElectron.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
    expect(importsElectron.test(readFileSync(join(ROOT, 'src-preload/index.ts'), 'utf8'))).toBe(true);
  });

  it('touches window.ecg and fetch only in the renderer API layer', () => {
    const offenders = files(join(ROOT, 'src-renderer'), SOURCES)
      .filter((f) => !f.includes(join('lib', 'api')))
      .filter((f) => /window\.ecg|\bfetch\(|new WebSocket\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('spells channel names only in the contract', () => {
    const channel = /['"`]ecg:[a-z]+(\.[a-zA-Z]+)?['"`]/;
    const offenders = [
      ...files(join(ROOT, 'src-main/server'), SOURCES),
      ...files(join(ROOT, 'src-main/electron'), SOURCES),
      ...files(join(ROOT, 'src-preload'), SOURCES),
      ...files(join(ROOT, 'src-renderer'), SOURCES),
    ]
      .filter((f) => channel.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});

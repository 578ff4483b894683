/**
 * The bad-file corpus: every broken file must make loadRecords throw an EcgFormatError whose message names the
 * file and the problem — never a crash, never a record with silently wrong numbers.
 *
 * Cases come from two manifests:
 *   test/fixtures/bad/manifest.json       NPY/NPZ/CSV/EDF/unknown  (node --import tsx test/fixtures/bad/make-bad-corpus.ts)
 *   test/fixtures/bad/wfdb/manifest.json  WFDB                     (test/fixtures/bad/wfdb/make_bad_wfdb.py, helper 1)
 * Each case: { file, expectError (substring of the message), errorFile (file the message must name), fsHz? }.
 *
 * The streaming path (openRecordSources, then reading every sample) must fail the same way, except
 * where the whole-record loader refuses a record only for its size: streaming exists to read those.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgFormatError } from '../../../src-main/engine/errors';
import { loadRecords, openRecordSources } from '../../../src-main/engine/io/load';

interface BadCase {
  file: string;
  expectError: string;
  errorFile: string;
  why?: string;
  fsHz?: number;
}

const BAD = join(__dirname, '../../fixtures/bad');
const MANIFESTS = [join(BAD, 'manifest.json'), join(BAD, 'wfdb/manifest.json')];

function casesOf(manifest: string): Array<BadCase & { path: string }> {
  if (!existsSync(manifest)) {return [];}
  const parsed = JSON.parse(readFileSync(manifest, 'utf-8')) as { cases: BadCase[] };
  const dir = join(manifest, '..');
  return parsed.cases.map((c) => ({ ...c, path: join(dir, c.file) }));
}

const all = MANIFESTS.flatMap(casesOf);

describe('bad-file corpus', () => {
  it('has at least 30 cases, each file present', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
    for (const c of all) {expect(existsSync(c.path), c.path).toBe(true);}
  });

  it.each(all.map((c) => [`${basename(join(c.path, '..'))}/${c.file}`, c] as const))('%s', (_label, c) => {
    let thrown: unknown = null;
    try {
      loadRecords(c.path, c.fsHz === undefined ? {} : { fsHz: c.fsHz });
    } catch (error) {
      thrown = error;
    }
    expect(thrown, `${c.file} loaded without an error`).toBeInstanceOf(EcgFormatError);
    const message = (thrown as EcgFormatError).message;
    expect(message).toContain(c.errorFile);
    expect(message).toContain(c.expectError);
  });

  it.each(all.map((c) => [`${basename(join(c.path, '..'))}/${c.file}`, c] as const))('%s, streamed', (_label, c) => {
    const sizeOnly = /too long to hold in memory|too large/.test(c.expectError);
    let thrown: unknown = null;
    try {
      for (const source of openRecordSources(c.path, c.fsHz === undefined ? {} : { fsHz: c.fsHz })) {
        source.read(0, sizeOnly ? Math.min(1000, source.info.nSamples) : source.info.nSamples);
        source.close();
      }
    } catch (error) {
      thrown = error;
    }
    if (sizeOnly) {
      // Not refused for its length; whatever else is wrong with it is still a format error.
      if (thrown !== null) {
        expect(thrown).toBeInstanceOf(EcgFormatError);
        expect((thrown as EcgFormatError).message).not.toMatch(/too long to hold in memory|too large/);
      }
      return;
    }
    expect(thrown, `${c.file} streamed without an error`).toBeInstanceOf(EcgFormatError);
    const message = (thrown as EcgFormatError).message;
    expect(message).toContain(c.errorFile);
    expect(message).toContain(c.expectError);
  });
});

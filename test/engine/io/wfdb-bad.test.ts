/**
 * Broken WFDB records (test/fixtures/bad/wfdb, made by make_bad_wfdb.py): each must raise an
 * EcgFormatError whose message names the file at fault (manifest `errorFile`) and the problem
 * (manifest `expectError`). Expected messages are the reader's own wording, chosen per problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgFormatError } from '../../../src-main/engine/errors';
import { readWfdbRecord } from '../../../src-main/engine/io/wfdb';

const DIR = join(__dirname, '..', '..', 'fixtures', 'bad', 'wfdb');
const MANIFEST = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  cases: { file: string; expectError: string; errorFile: string }[];
};

describe('broken WFDB records raise EcgFormatError naming the file and the problem', () => {
  it('has at least 12 cases', () => {
    expect(MANIFEST.cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of MANIFEST.cases) {
    it(c.file, () => {
      let error: unknown = null;
      try {
        readWfdbRecord(c.file, (name) => readFileSync(join(DIR, name)));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EcgFormatError);
      const formatError = error as EcgFormatError;
      expect(formatError.format).toBe('wfdb');
      expect(formatError.file).toBe(c.errorFile);
      expect(formatError.message.startsWith(`${c.errorFile}: `)).toBe(true);
      expect(formatError.message).toContain(c.expectError);
    });
  }
});

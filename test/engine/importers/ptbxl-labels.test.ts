/**
 * The PTB-XL noise-text parser against the paper's published labels: every row of
 * ../shared/data/ptbxl/ptbxl_database.head.csv (PTB-XL's own free text) must give exactly the
 * lists of the matching row (by filename_hr) of ptbxl_label_dropna.csv (the paper's parser output).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  parseIndexList,
  parseNoiseLeads,
  parsePtbxlNoiseColumns,
  PTBXL_NOISE_COLUMNS,
} from '../../../src-main/engine/importers/ptbxl-labels';

const PTBXL = join(__dirname, '../../../../shared/data/ptbxl');

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(PTBXL, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('parsePtbxlNoiseColumns', () => {
  it('matches the paper label file on every row of the head fixture', () => {
    const head = readCsv('ptbxl_database.head.csv');
    const expected = new Map(readCsv('ptbxl_label_dropna.csv').map((r) => [r.filename_hr, r]));
    expect(head.length).toBe(13);
    for (const row of head) {
      const want = expected.get(row.filename_hr);
      expect(want, row.filename_hr).toBeDefined();
      const got = parsePtbxlNoiseColumns(row);
      expect(got, row.ecg_id).not.toBeNull();
      for (const col of [...PTBXL_NOISE_COLUMNS, 'clean'] as const) {
        expect(got?.[col], `${row.ecg_id} ${col}`).toEqual(parseIndexList(want?.[col] ?? ''));
      }
    }
  });
});

describe('parseNoiseLeads rules', () => {
  // Expected values follow the rules of the paper's parser (see the module header).
  it.each([
    [' , I-V1,  ', [0, 1, 2, 3, 4, 5, 6]],
    [' , II,III,AVF', [1, 2, 5]],
    ['V1-V6', [6, 7, 8, 9, 10, 11]],
    ['alles', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['noisyrecording', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['V2, drift', [7]],
    ['drift, V2', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['1,2', [6, 7]],
    ['V2V3', [7, 8]],
    ['III???', [2]],
    ['AVL???,I', [0, 4]],
    ['mittelI', [0]],
    ['II; avf. v4', [1, 5, 9]],
    ['V1-XY', []],
    ['', []],
  ])('%s → %j', (text, want) => {
    expect(parseNoiseLeads(text)).toEqual(want);
  });

  it('returns null for an unknown word', () => {
    expect(parseNoiseLeads('V1, kaputt')).toBeNull();
    expect(parsePtbxlNoiseColumns({ static_noise: 'kaputt' })).toBeNull();
  });
});

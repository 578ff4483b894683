/** Segment-filter helpers: normalising, chips, and the filter behind a confusion-matrix cell. */
import { describe, expect, it } from 'vitest';
import { describeFilter, filterForCell, normalizeFilter, toggleInList } from './filters';

describe('normalizeFilter', () => {
  it('drops empty fields so equal filters compare equal', () => {
    expect(normalizeFilter({ labels: [], text: '  ', psnrMin: undefined, disagreement: false, threshold: 20, leads: ['II'] })).toEqual({ leads: ['II'] });
  });

  it('keeps the threshold when a field uses it', () => {
    expect(normalizeFilter({ disagreement: true, threshold: 20 })).toEqual({ disagreement: true, threshold: 20 });
    expect(normalizeFilter({ predicted: 'noisy', threshold: 21.5 })).toEqual({ predicted: 'noisy', threshold: 21.5 });
  });
});

describe('toggleInList', () => {
  it('adds a missing value and removes a present one', () => {
    expect(toggleInList(undefined, 'a')).toEqual(['a']);
    expect(toggleInList(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('filterForCell', () => {
  it('maps each cell to the label group and predicted class at the threshold', () => {
    expect(filterForCell({ actual: 'clean', predicted: 'noisy' }, 23.4)).toEqual({ labelGroup: 'clean', predicted: 'noisy', threshold: 23.4 });
    expect(filterForCell({ actual: 'noisy', predicted: 'clean' }, 24)).toEqual({ labelGroup: 'noisy', predicted: 'clean', threshold: 24 });
  });
});

describe('describeFilter', () => {
  it('names each active field', () => {
    const chips = describeFilter({ datasetIds: [2], labels: ['static_noise'], psnrMin: 10, psnrMax: 20.5, predicted: 'noisy', threshold: 24 }, new Map([[2, 'ptbxl']]));
    expect(chips).toEqual(['dataset: ptbxl', 'label: static_noise', '10 ≤ PSNR ≤ 20.5 dB', 'PSNR ≤ 24 dB (predicted noisy)']);
    expect(describeFilter({})).toEqual([]);
  });
});

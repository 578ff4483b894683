/** Segment-filter helpers: normalising, chips, and the filter behind a confusion-matrix cell. */
import { describe, expect, it } from 'vitest';
import { describeFilter, filterForCell, normalizeFilter, rangeOf, toggleInList, withRange } from './filters';

describe('normalizeFilter', () => {
  it('drops empty fields so equal filters compare equal', () => {
    expect(normalizeFilter({ labels: [], text: '  ', psnrMin: undefined, disagreement: false, threshold: 20, leads: ['II'] })).toEqual({ leads: ['II'] });
  });

  it("drops a threshold of the filter's own: the back end judges at the project's one threshold", () => {
    expect(normalizeFilter({ disagreement: true, threshold: 20 })).toEqual({ disagreement: true });
    expect(normalizeFilter({ predicted: 'noisy', threshold: 21.5 })).toEqual({ predicted: 'noisy' });
  });
});

describe('toggleInList', () => {
  it('adds a missing value and removes a present one', () => {
    expect(toggleInList(undefined, 'a')).toEqual(['a']);
    expect(toggleInList(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('filterForCell', () => {
  it('maps each cell to the label group and predicted class', () => {
    expect(filterForCell({ actual: 'clean', predicted: 'noisy' })).toEqual({ labelGroup: 'clean', predicted: 'noisy' });
    expect(filterForCell({ actual: 'noisy', predicted: 'clean' })).toEqual({ labelGroup: 'noisy', predicted: 'clean' });
  });
});

describe('describeFilter', () => {
  it("names each active field, at the project's threshold", () => {
    const chips = describeFilter({ datasetIds: [2], labels: ['static_noise'], psnrMin: 10, psnrMax: 20.5, predicted: 'noisy' }, 23.5, new Map([[2, 'ptbxl']]));
    expect(chips).toEqual(['dataset: ptbxl', 'label: static_noise', '10 ≤ PSNR ≤ 20.5 dB', 'PSNR ≤ 23.5 dB (predicted noisy)']);
    expect(describeFilter({ disagreement: true }, 23)).toEqual(['disagrees at 23 dB']);
    expect(describeFilter({}, 24)).toEqual([]);
    expect(describeFilter({ ranges: [{ key: 'basSqi', min: 0.5 }, { key: 'kSqi', min: 3, max: 8 }, { key: 'hfSqi', max: 0.012345 }] }, 24, new Map(), new Map([['basSqi', 'basSQI']]))).toEqual([
      'basSQI ≥ 0.5',
      '3 ≤ kSqi ≤ 8',
      'hfSqi ≤ 0.0123',
    ]);
  });
});

describe('column ranges', () => {
  it('replaces one column\'s bounds, keeps the others and drops a range with no bound', () => {
    const filter = { ranges: [{ key: 'kSqi', min: 3 }, { key: 'basSqi', max: 0.9 }] };
    expect(rangeOf(filter, 'basSqi')).toEqual({ min: undefined, max: 0.9 });
    expect(rangeOf(filter, 'ssim')).toEqual({});
    expect(withRange(filter, 'basSqi', { min: 0.5, max: 0.9 })).toEqual([{ key: 'kSqi', min: 3 }, { key: 'basSqi', min: 0.5, max: 0.9 }]);
    expect(withRange(filter, 'kSqi', {})).toEqual([{ key: 'basSqi', max: 0.9 }]);
  });
});

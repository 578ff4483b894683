/** Chart options of the labels-vs-PSNR and table histograms: marks never overprint, axes fit the data. */
import { describe, expect, it } from 'vitest';
import { distributionsOption, histogramOption, mergeMarks } from './chart-options';

const colors = { text: '#000', axis: '#888', accent: '#00f', paperMajor: '#f00', paperMinor: '#fcc', trace: '#111' };

describe('mergeMarks', () => {
  it('keeps marks apart when they are far enough, each label with its value', () => {
    expect(mergeMarks([{ xDb: 30, name: 'Youden' }, { xDb: 20, name: 'threshold' }], 20)).toEqual([
      { xDb: 20, label: 'threshold 20 dB' },
      { xDb: 30, label: 'Youden 30 dB' },
    ]);
  });

  it('merges marks that would overprint into one labelled line', () => {
    const drawn = mergeMarks([{ xDb: 24, name: 'threshold' }, { xDb: 23.9, name: 'Youden' }, { xDb: 24, name: 'paper' }], 20);
    expect(drawn).toEqual([{ xDb: 23.9, label: 'Youden 23.9 dB · threshold 24 dB · paper 24 dB' }]);
  });
});

describe('distributionsOption', () => {
  const histogram = { edges: [20, 21, 22, 23], counts: [1, 2, 1] };

  it('spans the data and the marks, not a fixed 0–50 dB', () => {
    const option = distributionsOption([{ label: 'clean', histogram, count: 4 }], 22.5, null, colors) as { xAxis: { min: number; max: number } };
    expect(option.xAxis.min).toBe(19);
    // The paper's 24 dB mark is inside the axis.
    expect(option.xAxis.max).toBe(25);
  });

  it('draws one line per distinct mark position', () => {
    const option = distributionsOption([{ label: 'clean', histogram, count: 4 }], 24, 24.05, colors) as { series: { markLine?: { data: { name: string }[] } }[] };
    expect(option.series[0].markLine?.data.map((d) => d.name)).toEqual(['threshold 24 dB · paper 24 dB · Youden 24.1 dB']);
  });
});

describe('histogramOption', () => {
  it('labels a few bins of the fitted range and marks the bin holding the threshold', () => {
    const h = { edges: Array.from({ length: 41 }, (_, i) => 18 + i * 0.5), counts: new Array<number>(40).fill(1) };
    const option = histogramOption(h, colors, 23.2) as { xAxis: { data: string[]; axisLabel: { interval: number } }; series: { markLine?: { data: { xAxis: number }[] } }[] };
    expect(option.xAxis.data[0]).toBe('18.3');
    expect(option.xAxis.axisLabel.interval).toBe(6);
    expect(option.series[0].markLine?.data[0].xAxis).toBe(10);
  });
});

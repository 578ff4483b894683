/**
 * model.json reading: both the nested form training/export.py writes (test/fixtures/tiny-model) and
 * the flat form (test/fixtures/inference-toy), and clear errors for unreadable contracts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractFromCard, loadModelSpec, parseModelJson } from '../../../src-main/engine/inference/model-spec';

const FIXTURES = join(__dirname, '../../fixtures');

function card(inputContract: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const sha = 'a'.repeat(64);
  return JSON.stringify({ name: 'm', model_type: 'vanilla', graphs: { unet: { file: 'unet.onnx', sha256: sha } }, input_contract: inputContract, ...extra });
}

describe('model.json', () => {
  it('reads the exported tiny model (nested form)', async () => {
    const spec = await loadModelSpec(join(FIXTURES, 'tiny-model'));
    expect(spec.name).toBe('tiny-fixture');
    expect(spec.kind).toBe('ldm');
    expect(spec.inputContract).toEqual({ fsHz: 100, bandpassHz: [0.5, 40], normalization: 'zscore', units: 'zscore', segmentS: 10 });
    expect(spec.scheduler).toMatchObject({ numTrainTimesteps: 1000, clipSample: true, clipSampleRange: 1, setAlphaToOne: true });
    expect([spec.defaultT, spec.defaultStepInterval, spec.scalingFactor]).toEqual([30, 10, 0.18215]);
    expect(spec.graphPaths.encoder).toMatch(/tiny-model\/encoder\.onnx$/);
  });

  it('reads the flat form', async () => {
    const spec = await loadModelSpec(join(FIXTURES, 'inference-toy/vanilla'));
    expect(spec.kind).toBe('vanilla');
    expect(spec.graphPaths.encoder).toBeUndefined();
    expect(spec.inputContract.normalization).toBe('zscore');
  });

  it('contract variants: null band-pass, mV text, unknown normalisation', () => {
    const a = parseModelJson(card({ fs_hz: 250, bandpass: null, normalisation: 'none: millivolts as recorded', units: 'mV' }), 'a.json');
    expect(contractFromCard(a, 'a.json')).toMatchObject({ fsHz: 250, bandpassHz: null, normalization: 'mv' });
    expect(() => parseModelJson(card({ fs_hz: 100, units: 'adu' }), 'b.json')).toThrow(/b\.json: .*'zscore' or 'mv'/);
    expect(() => parseModelJson(card({ fs_hz: 100, normalization: 'zscore' }, { model_type: 'gan' }), 'c.json')).toThrow(/c\.json: invalid model card/);
    expect(() => parseModelJson(card({ fs_hz: 100, normalization: 'zscore' }, { model_type: 'ldm' }), 'd.json')).toThrow(/needs graphs\.encoder/);
  });
});

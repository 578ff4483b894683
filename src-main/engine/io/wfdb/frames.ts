/**
 * Brings signals with different samples-per-frame to one rate, because an EcgRecord has one fsHz.
 *
 * - 'upsample' (default): every signal goes to the highest rate in the record (frame rate × max
 *   samples per frame); slower signals are held (each sample repeated), so the fastest signal —
 *   usually the ECG — keeps every stored sample.
 * - 'average': every signal goes to the frame rate by averaging the samples of each frame (what
 *   wfdb-python's `smooth_frames=True` does).
 */

/** How samples-per-frame > 1 is resolved. */
export type FrameMode = 'upsample' | 'average';

/**
 * @param signals - per signal, `nFrames × samplesPerFrame[i]` samples.
 * @param samplesPerFrame - per signal.
 * @param nFrames - frames in the record.
 * @param mode - see the file comment.
 * @param target - samples per frame of the result (default: as `mode` says for these signals; a
 *   caller aligning some of a record's signals passes the record's).
 * @returns signals of equal length and the samples per frame of the result (multiply the frame
 *   rate by it to get fsHz).
 */
export function alignFrames(
  signals: Float64Array[],
  samplesPerFrame: number[],
  nFrames: number,
  mode: FrameMode,
  target = alignedSamplesPerFrame(samplesPerFrame, mode),
): { signals: Float64Array[]; samplesPerFrame: number } {
  const out = signals.map((signal, s) => {
    const k = samplesPerFrame[s] ?? 1;
    if (k === target) {
      return signal;
    }
    const result = new Float64Array(nFrames * target);
    if (mode === 'average') {
      for (let f = 0; f < nFrames; f++) {
        let sum = 0;
        for (let j = 0; j < k; j++) {
          sum += signal[f * k + j]!;
        }
        result[f] = sum / k;
      }
    } else {
      for (let f = 0; f < nFrames; f++) {
        for (let j = 0; j < target; j++) {
          result[f * target + j] = signal[f * k + Math.floor((j * k) / target)]!;
        }
      }
    }
    return result;
  });
  return { signals: out, samplesPerFrame: target };
}

/** Samples per frame of a record's signals after {@link alignFrames}. */
export function alignedSamplesPerFrame(samplesPerFrame: number[], mode: FrameMode): number {
  return mode === 'average' ? 1 : Math.max(1, ...samplesPerFrame);
}

/** PSNR conventions shared by the engine, the workstation back end and the renderer (data only). */

/** The paper's fixed PSNR threshold, dB: a segment at or below it is predicted noisy (Han et al. 2025). */
export const PAPER_THRESHOLD_DB = 24;

/** Range and bin width (dB) of the PSNR histograms the back end sends (values outside are clamped). */
export const PSNR_HISTOGRAM = { minDb: 0, maxDb: 50, binDb: 1 } as const;

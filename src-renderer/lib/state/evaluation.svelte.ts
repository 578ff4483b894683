/** Labels-vs-PSNR state: the evaluation data and the threshold (Youden-optimal by default). */
import { CHANNEL } from '../../../src-shared/contract-names';
import { PAPER_THRESHOLD_DB } from '../../../src-shared/psnr';
import type { AgreementResult, EvaluationResult } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { aucOf, confusionAt, rocCurve, thinPoints, youdenThreshold, type RocPoint } from '../utils/threshold';
import { app } from './app.svelte';

class EvaluationState {
  result = $state.raw<EvaluationResult | null>(null);
  agreement = $state.raw<AgreementResult | null>(null);
  thresholdDb = $state(PAPER_THRESHOLD_DB);
  loading = $state(false);
  /** ROC points (thinned for plotting) and AUROC computed from the sorted PSNRs. */
  roc = $state.raw<RocPoint[]>([]);
  auroc = $state<number | null>(null);
  youdenDb = $state<number | null>(null);
  private loadedVersion = -1;

  /** Loads (or reloads after relabels) the evaluation; sets the threshold to Youden on first load. */
  async load(): Promise<void> {
    if (this.loadedVersion === app.labelsVersion && this.result) {
      return;
    }
    const firstLoad = this.result === null;
    this.loading = true;
    try {
      const [result, agreement] = await Promise.all([api.call(CHANNEL.evaluation, {}), api.call(CHANNEL.agreement, {})]);
      this.loadedVersion = app.labelsVersion;
      const points = rocCurve(result.cleanPsnr, result.noisyPsnr);
      this.roc = thinPoints(points, 400);
      this.auroc = result.auroc ?? (points.length > 1 ? aucOf(points) : null);
      this.youdenDb = result.youdenDb ?? youdenThreshold(result.cleanPsnr, result.noisyPsnr)?.thresholdDb ?? null;
      this.result = result;
      this.agreement = agreement;
      if (firstLoad && this.youdenDb !== null) {
        this.thresholdDb = Math.round(this.youdenDb * 10) / 10;
      }
    } catch (error) {
      app.report(error);
    } finally {
      this.loading = false;
    }
  }

  /** Confusion matrix at the current threshold. */
  get confusion() {
    return this.result ? confusionAt(this.result.cleanPsnr, this.result.noisyPsnr, this.thresholdDb) : null;
  }
}

/** The evaluation state singleton. */
export const evaluation = new EvaluationState();

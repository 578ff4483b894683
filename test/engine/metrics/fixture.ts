/** Loads test/fixtures/metrics/reference_metrics.json (made by make_metrics_fixtures.py). */
import { readFileSync } from 'node:fs';

export interface ImageCase {
  name: string;
  a: number[];
  b: number[];
  ssim: number;
  psnr: number;
  mse: number;
  mae: number;
}

export interface W1Case {
  name: string;
  u: number[];
  v: number[];
  w1: number;
  zscoredW1: number;
}

export interface RocCase {
  name: string;
  scores: number[];
  labels: number[];
  auc: number;
  fpr: number[];
  tpr: number[];
  thresholds: (number | null)[];
}

export interface KappaCase {
  name: string;
  a: number[];
  b: number[];
  kappa: number;
}

export interface MetricsFixture {
  images: ImageCase[];
  w1: W1Case[];
  roc: RocCase[];
  kappa: KappaCase[];
  versions: Record<string, string>;
}

export function loadMetricsFixture(): MetricsFixture {
  return JSON.parse(
    readFileSync(new URL('../../fixtures/metrics/reference_metrics.json', import.meta.url), 'utf8'),
  ) as MetricsFixture;
}

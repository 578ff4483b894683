/**
 * Progress bars for long CLI work. The bar appears only on a TTY and only once the work has run
 * for more than a second, so quick commands and piped output stay clean.
 */
import cliProgress from 'cli-progress';

/** A progress sink: call `tick` as items complete, `stop` at the end. */
export interface Progress {
  tick(done?: number, note?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

/** Creates a progress bar for `total` items labelled `label`. */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const startedMs = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  let value = 0;
  let currentTotal = total;
  let note = '';
  const enabled = Boolean(stream.isTTY) && process.env.ECGNQ_NO_PROGRESS !== '1';
  const ensureBar = (): void => {
    if (bar || !enabled || Date.now() - startedMs < 1000) {
      return;
    }
    bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} {note}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(currentTotal, value, { rate: '0', note });
  };
  return {
    tick(done = 1, newNote?: string) {
      value += done;
      if (newNote !== undefined) {
        note = newNote;
      }
      ensureBar();
      const elapsedS = (Date.now() - startedMs) / 1000;
      bar?.update(value, { rate: (value / Math.max(elapsedS, 1e-3)).toFixed(1), note });
    },
    setTotal(newTotal: number) {
      currentTotal = newTotal;
      bar?.setTotal(newTotal);
    },
    stop() {
      bar?.stop();
    },
  };
}

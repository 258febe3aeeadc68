/** Where a progress bar draws: a terminal stream (stderr, so stdout stays clean for --json). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the bar line (call once, when the work ends or fails). */
  finish(): void;
}

const NONE: ProgressBar = { update: () => undefined, finish: () => undefined };

/**
 * A one-line progress bar redrawn with a carriage return, at most every `minIntervalMs`. Drawn only on
 * a terminal: piped or redirected output (CI logs, `> file`) gets nothing, so no log fills with frames.
 */
export function progressBar(stream: ProgressStream, label: string, now: () => number = Date.now, minIntervalMs = 100): ProgressBar {
  if (stream.isTTY !== true) return NONE;
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - lastDraw < minIntervalMs && done < total) return;
      lastDraw = t;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 40));
      const filled = Math.round(fraction * width);
      const elapsed = (t - started) / 1000;
      const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : Number.NaN;
      const etaText = Number.isFinite(eta) ? `${eta.toFixed(0)}s left` : '';
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${etaText}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}

/** The figures `npm run bench` reports, their stdout table and their JSON form. */
import { z } from 'zod';

/** One reported number, with what was measured and how, and its in-process baseline where one exists. */
export interface Figure {
  /** Stable key for the JSON (e.g. `indicators.sma-batch.w20`). */
  readonly id: string;
  /** Section of the table: `1 indicators`, `2 strategy`, … */
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The baseline measured in this same process on the same data, and value ÷ baseline. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /**
   * value ÷ baseline for throughputs (above 1: faster than the baseline). For latencies no ratio is
   * given (there is no in-process baseline).
   */
  readonly ratio?: number;
  /** Spread of the samples behind `value`, in words (IQR for throughputs, p99 for latencies …). */
  readonly spread: string;
  /** How it was measured: sample count, data, what one operation is. */
  readonly method: string;
  /** Raw statistics (ThroughputStats, LatencyStats or counts) for the JSON. */
  readonly stats?: unknown;
  /** A goal an issue sets for this figure (e.g. p99 < 20 ms): reported as a target, judged on this run's value only. */
  readonly target?: Target;
}

/** "value below `below`" in the figure's unit, with where the goal comes from. */
export interface Target {
  /** What is asked and by whom, e.g. `p99 < 20 ms per symbol-bar (issue 7)`. */
  readonly goal: string;
  /** Met when value < below (every target so far is an upper bound on a latency). */
  readonly below: number;
}

const TargetSchema = z.object({ goal: z.string().min(1), below: z.number() });

/** A Figure as another process writes it (JSON): validated before it is merged into this run's table. */
export const FigureSchema = z.object({
  id: z.string().min(1),
  group: z.string().min(1),
  name: z.string().min(1),
  // JSON has no NaN: a figure that could not be measured arrives as null and is rejected here.
  value: z.number(),
  unit: z.string(),
  baseline: z.object({ name: z.string(), value: z.number() }).optional(),
  ratio: z.number().optional(),
  spread: z.string(),
  method: z.string(),
  stats: z.unknown().optional(),
  target: TargetSchema.optional(),
});

/** What a benchmark run as a child process (bench/ml-signal-engine.ts --json) hands back. */
export const ChildFiguresSchema = z.object({
  figures: z.array(FigureSchema).min(1),
  /** The child's 1-minute load average when it started and ended (other work skews its latencies). */
  loadAverage1m: z.object({ atStart: z.number(), atEnd: z.number() }),
});
export type ChildFigures = z.infer<typeof ChildFiguresSchema>;

/** A target judged on one run: met only when the figure was measured and is below the bound. */
export interface TargetVerdict {
  readonly figureId: string;
  readonly goal: string;
  readonly value: number;
  readonly unit: string;
  readonly met: boolean;
}

export function judgeTargets(figures: readonly Figure[]): TargetVerdict[] {
  return figures.flatMap((f) =>
    f.target === undefined ? [] : [{ figureId: f.id, goal: f.target.goal, value: f.value, unit: f.unit, met: Number.isFinite(f.value) && f.value < f.target.below }],
  );
}

/** One line per target, worded as a result of this run, never as a general claim. */
export function renderTargets(verdicts: readonly TargetVerdict[]): string {
  return verdicts.map((v) => `target ${v.goal}: ${v.met ? 'met' : 'NOT met'} in this run (${formatNumber(v.value)} ${v.unit})`).join('\n');
}

/** Human formatting: 3 significant figures, SI suffix for large rates. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return value.toPrecision(3);
  return value.toPrecision(2);
}

const pad = (text: string, width: number, right = false): string => (right ? text.padStart(width) : text.padEnd(width));

/** The stdout table: one block per group; the method goes on its own indented line under each row. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => ({
    group: f.group,
    name: f.name,
    value: formatNumber(f.value),
    unit: f.unit,
    baseline: f.baseline ? `${formatNumber(f.baseline.value)} (${f.baseline.name})` : '—',
    ratio: f.ratio === undefined ? '—' : `${f.ratio.toFixed(2)}×`,
    spread: f.spread,
    method: f.method,
  }));
  const width = {
    name: Math.max(4, ...rows.map((r) => r.name.length)),
    value: Math.max(5, ...rows.map((r) => r.value.length)),
    unit: Math.max(4, ...rows.map((r) => r.unit.length)),
    baseline: Math.max(8, ...rows.map((r) => r.baseline.length)),
    ratio: Math.max(5, ...rows.map((r) => r.ratio.length)),
    spread: Math.max(6, ...rows.map((r) => r.spread.length)),
  };
  const line = (cells: { name: string; value: string; unit: string; baseline: string; ratio: string; spread: string }): string =>
    [
      pad(cells.name, width.name),
      pad(cells.value, width.value, true),
      pad(cells.unit, width.unit),
      pad(cells.baseline, width.baseline),
      pad(cells.ratio, width.ratio, true),
      pad(cells.spread, width.spread),
    ].join('  ');
  const header = line({ name: 'name', value: 'value', unit: 'unit', baseline: 'baseline', ratio: 'ratio', spread: 'spread' });
  const out: string[] = [header, '-'.repeat(header.length)];
  let group = '';
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      out.push(`[${group}]`);
    }
    out.push(line(row));
    out.push(`    method: ${row.method}`);
  }
  return out.join('\n');
}

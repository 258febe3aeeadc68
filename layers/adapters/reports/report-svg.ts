/**
 * Static SVG charts for the research reports: a scatter (with an optional curve and y = x diagonal) and
 * horizontal bars with whiskers. Drawn when the report is built, so they need no script and can be
 * checked in tests; styled by class names from the page's hashed stylesheet (no style attributes, which
 * the CSP would block). Every text is escaped; each mark carries its values as data attributes.
 */

import { escapeHtml } from './html';

/** One marker of a scatter; points that are not finite in x and y are left out (and counted by the caller). */
export interface SvgPoint {
  readonly x: number;
  readonly y: number;
  /** CSS class of the marker (pt-trial, pt-front, pt-finalist, pt-promoted, pt-curve). */
  readonly cls: string;
  readonly radius?: number;
  /** Short text drawn next to the marker (e.g. F1). */
  readonly label?: string;
  /** Tooltip (an SVG <title>). */
  readonly title: string;
  /** Extra data-* attributes (names without the prefix). */
  readonly data?: Readonly<Record<string, string>>;
}

export interface SvgScatterInput {
  readonly id: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTick: (v: number) => string;
  readonly yTick: (v: number) => string;
  readonly points: readonly SvgPoint[];
  /** Joined by a line in the given order (e.g. a reliability curve). */
  readonly curve?: readonly { readonly x: number; readonly y: number }[];
  /** Draw y = x (a perfectly calibrated forecast). */
  readonly diagonal?: boolean;
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { left: 64, right: 16, top: 12, bottom: 42 } as const;

const finite = (v: number): boolean => Number.isFinite(v);

/** [min, max] of the values padded by 5 % (a flat or empty set gets a unit-wide range). */
export function paddedDomain(values: readonly number[]): [number, number] {
  const v = values.filter(finite);
  if (v.length === 0) return [0, 1];
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  if (hi === lo) return [lo - 0.5 * (Math.abs(lo) || 1), hi + 0.5 * (Math.abs(hi) || 1)];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** About `count` round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

const r2 = (v: number): string => (Math.round(v * 100) / 100).toString();

function dataAttrs(data: Readonly<Record<string, string>> | undefined): string {
  if (data === undefined) return '';
  return Object.entries(data)
    .map(([k, v]) => ` data-${k.replace(/[^a-z0-9-]/g, '')}="${escapeHtml(v)}"`)
    .join('');
}

/** A scatter plot as an <svg> element. */
export function svgScatter(input: SvgScatterInput): string {
  const width = input.width ?? 560;
  const height = input.height ?? 340;
  const shown = input.points.filter((p) => finite(p.x) && finite(p.y));
  const curve = (input.curve ?? []).filter((p) => finite(p.x) && finite(p.y));
  const [x0, x1] = input.xDomain ?? paddedDomain([...shown.map((p) => p.x), ...curve.map((p) => p.x)]);
  const [y0, y1] = input.yDomain ?? paddedDomain([...shown.map((p) => p.y), ...curve.map((p) => p.y)]);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number): number => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const parts: string[] = [];
  for (const t of niceTicks(x0, x1)) {
    parts.push(`<line class="grid" x1="${r2(sx(t))}" x2="${r2(sx(t))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);
    parts.push(`<text class="tick" x="${r2(sx(t))}" y="${MARGIN.top + plotH + 14}" text-anchor="middle">${escapeHtml(input.xTick(t))}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${r2(sy(t))}" y2="${r2(sy(t))}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${r2(sy(t) + 4)}" text-anchor="end">${escapeHtml(input.yTick(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}"/>`);
  if (input.diagonal === true) {
    const a = Math.max(x0, y0);
    const b = Math.min(x1, y1);
    if (b > a) parts.push(`<line class="diagonal" x1="${r2(sx(a))}" y1="${r2(sy(a))}" x2="${r2(sx(b))}" y2="${r2(sy(b))}"/>`);
  }
  if (curve.length > 1) parts.push(`<polyline class="curve" points="${curve.map((p) => `${r2(sx(p.x))},${r2(sy(p.y))}`).join(' ')}"/>`);
  for (const p of shown) {
    const cx = r2(sx(p.x));
    const cy = r2(sy(p.y));
    parts.push(
      `<circle class="${escapeHtml(p.cls)}" cx="${cx}" cy="${cy}" r="${p.radius ?? 4}" data-x="${p.x}" data-y="${p.y}"${dataAttrs(p.data)}><title>${escapeHtml(p.title)}</title></circle>`,
    );
    if (p.label !== undefined) parts.push(`<text class="pt-label" x="${r2(sx(p.x) + 7)}" y="${r2(sy(p.y) - 6)}">${escapeHtml(p.label)}</text>`);
  }
  parts.push(`<text class="axis-label" x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(input.xLabel)}</text>`);
  parts.push(`<text class="axis-label" transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(input.yLabel)}</text>`);
  return `<svg class="plot" id="${escapeHtml(input.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${input.yLabel} against ${input.xLabel}`)}">
${parts.join('\n')}
</svg>`;
}

/** One horizontal bar: value from zero, optional ± whisker. */
export interface SvgBar {
  readonly label: string;
  readonly value: number;
  readonly whisker?: number;
  readonly data?: Readonly<Record<string, string>>;
}

/** Horizontal bars (one row each, in the given order) around a zero line. */
export function svgBars(input: { readonly id: string; readonly rows: readonly SvgBar[]; readonly valueLabel: string; readonly tick: (v: number) => string; readonly width?: number }): string {
  const width = input.width ?? 640;
  const labelW = 170;
  const rowH = 16;
  const top = 8;
  const plotH = Math.max(1, input.rows.length) * rowH;
  const height = top + plotH + 40;
  const ends: number[] = [0];
  for (const r of input.rows) {
    if (!finite(r.value)) continue;
    const w = r.whisker !== undefined && finite(r.whisker) ? r.whisker : 0;
    ends.push(r.value - w, r.value + w);
  }
  const [v0, v1] = paddedDomain(ends);
  const plotW = width - labelW - 16;
  const sx = (v: number): number => labelW + ((v - v0) / (v1 - v0)) * plotW;
  const parts: string[] = [];
  for (const t of niceTicks(v0, v1)) {
    parts.push(`<line class="grid" x1="${r2(sx(t))}" x2="${r2(sx(t))}" y1="${top}" y2="${top + plotH}"/>`);
    parts.push(`<text class="tick" x="${r2(sx(t))}" y="${top + plotH + 14}" text-anchor="middle">${escapeHtml(input.tick(t))}</text>`);
  }
  input.rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text class="tick" x="${labelW - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(r.label)}</text>`);
    if (!finite(r.value)) return;
    const a = sx(Math.min(0, r.value));
    const b = sx(Math.max(0, r.value));
    parts.push(
      `<rect class="${r.value < 0 ? 'bar-neg' : 'bar'}" x="${r2(a)}" y="${y + 3}" width="${r2(Math.max(0.5, b - a))}" height="${rowH - 6}" data-value="${r.value}"${dataAttrs(r.data)}><title>${escapeHtml(`${r.label}: ${input.tick(r.value)}`)}</title></rect>`,
    );
    if (r.whisker !== undefined && finite(r.whisker) && r.whisker > 0) {
      parts.push(`<line class="whisker" x1="${r2(sx(r.value - r.whisker))}" x2="${r2(sx(r.value + r.whisker))}" y1="${y + rowH / 2}" y2="${y + rowH / 2}"/>`);
    }
  });
  parts.push(`<line class="axis" x1="${r2(sx(0))}" x2="${r2(sx(0))}" y1="${top}" y2="${top + plotH}"/>`);
  parts.push(`<text class="axis-label" x="${labelW + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(input.valueLabel)}</text>`);
  return `<svg class="plot" id="${escapeHtml(input.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(input.valueLabel)}">
${parts.join('\n')}
</svg>`;
}

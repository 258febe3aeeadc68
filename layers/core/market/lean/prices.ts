import { LeanFormatError } from './new-york-time';

/** Lean stores US equity prices as integers in deci-cents (1/10 000 USD). */
export const DECI_CENTS_PER_USD = 10_000;

/**
 * USD from a deci-cent integer field. The division yields the double nearest to the exact 4-decimal price,
 * whose shortest printed form is that exact price ("1674100" → 167.41), so `String(usd)` is exact.
 */
export function deciCentsToUsd(field: string, line: number): number {
  const trimmed = field.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new LeanFormatError(`line ${line}: expected an integer price in deci-cents, got "${field}"`);
  return Number(trimmed) / DECI_CENTS_PER_USD;
}

/** A non-negative integer field (volume, size, milliseconds). */
export function parseCount(field: string, what: string, line: number): number {
  const trimmed = field.trim();
  // Volumes are whole shares; a decimal point is tolerated for robustness (Lean writes decimals for some assets).
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw new LeanFormatError(`line ${line}: expected a non-negative ${what}, got "${field}"`);
  return Number(trimmed);
}

/** Lines of a headerless CSV, without blank lines, with 1-based line numbers for error messages. */
export function csvRows(text: string): readonly { readonly line: number; readonly fields: readonly string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw === undefined || raw.trim() === '') continue;
    rows.push({ line: i + 1, fields: raw.split(',') });
  }
  return rows;
}

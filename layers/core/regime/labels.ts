/** The four trend × volatility regimes every detector here speaks in (the names RegimeChangedV1 carries). */
export const REGIME_LABELS = ['bull-quiet', 'bull-volatile', 'bear-quiet', 'bear-volatile'] as const;
export type RegimeLabel = (typeof REGIME_LABELS)[number];

/** A probability per regime label. */
export type RegimeProbabilities = Readonly<Record<RegimeLabel, number>>;

/** The label of a trend and a volatility side. */
export function quadrantLabel(bull: boolean, volatile: boolean): RegimeLabel {
  if (bull) return volatile ? 'bull-volatile' : 'bull-quiet';
  return volatile ? 'bear-volatile' : 'bear-quiet';
}

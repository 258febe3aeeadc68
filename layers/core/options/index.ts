/**
 * Options room: European pricing (BSM with yield, Black-76), closed-form Greeks to second order, implied
 * volatility (Jäckel's "Let's Be Rational"; Brent on American pricers), American pricing (Leisen–Reimer/CRR
 * trees with cash dividends, Bjerksund–Stensland 2002), and a per-row batch API. Pure: no I/O, no clock.
 * Conventions (time in years ACT/365, continuously compounded rates, units of every Greek): ./types, ./greeks.
 */
export * from './types';
export { erf, erfc, erfcx, normCdf, normPdf, inverseNormCdf } from './normal';
export { bivariateNormCdf } from './bivariate-normal';
export { blackUndiscounted, normalisedBlackCall, normalisedBlack, normalisedVega } from './black';
export { europeanPrice, bsmPrice, black76Price } from './european';
export { europeanGreeks, type Greeks } from './greeks';
export { blackImpliedVolatility, normalisedImpliedVolatility, LBR_DEFAULT_ITERATIONS } from './lets-be-rational';
export {
  europeanImpliedVolatility,
  americanImpliedVolatility,
  americanPrice,
  brent,
  AMERICAN_IV_BRACKET,
  type AmericanPricer,
  type AmericanPriceInputs,
  type EuropeanPriceInputs,
} from './implied-volatility';
export { treePrice, DEFAULT_TREE_STEPS, type CashDividend, type LatticeMethod, type TreeInputs } from './american/tree';
export { bjerksundStensland2002, type BjerksundStenslandInputs } from './american/bjerksund-stensland';
export { OptionRowSchema, runOptionRows, americanGreeks, type OptionRow, type OptionsOperation, type RowResult, type AmericanGreeks } from './batch';
export * from './chain';
export * from './surface';
export * from './lean';
export * as strategies from './strategies';

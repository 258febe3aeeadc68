/**
 * European option prices: Black–Scholes–Merton with a continuous dividend yield, and Black-76 for options on
 * futures. Both are e^{−rT} times the Black function of the forward (see ./black), so deep in- and
 * out-of-the-money prices keep their relative accuracy. Conventions: ./types.
 */
import { blackUndiscounted } from './black';
import { forwardAndDiscount, type EuropeanInputs } from './types';

/** Present value of a European option (BSM: S spot with yield q; Black-76: S is the futures price). */
export function europeanPrice(inputs: EuropeanInputs): number {
  const { forward, discount } = forwardAndDiscount(inputs);
  return discount * blackUndiscounted(inputs.kind, forward, inputs.K, inputs.sigma, inputs.T);
}

/** BSM: c = S·e^{−qT}·Φ(d1) − K·e^{−rT}·Φ(d2), p = K·e^{−rT}·Φ(−d2) − S·e^{−qT}·Φ(−d1). */
export function bsmPrice(inputs: Omit<EuropeanInputs, 'model'>): number {
  return europeanPrice({ ...inputs, model: 'bsm' });
}

/** Black-76: c = e^{−rT}·[F·Φ(d1) − K·Φ(d2)], p = e^{−rT}·[K·Φ(−d2) − F·Φ(−d1)], with F given as `S`. */
export function black76Price(inputs: Omit<EuropeanInputs, 'model' | 'q'>): number {
  return europeanPrice({ ...inputs, model: 'black76' });
}

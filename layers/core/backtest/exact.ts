import * as money from '../money';
import type { ExactBar } from './rules';
import type { BacktestBar } from './types';

type Dec = ReturnType<typeof money.dec>;

/**
 * The float `x` as an exact decimal rounded half-even to `places` fraction digits: the value
 * `money.dec(money.fromNumber(x, places))` gives, made with one decimal parse instead of five in the common case.
 * When x × 10^places is clearly not a rounding tie (its fraction is over 1e-6 away from .5, and it is below 2^32, so
 * a double's error in the product is under 5e-7) the rounding happens in floats: m = round(x × 10^places), and m /
 * 10^places printed by JavaScript is that decimal exactly (every decimal of at most 15 significant digits survives a
 * round trip through a double). Near ties and large values take the exact path.
 */
export function exactFromFloat(x: number, places: number, pow: number = 10 ** places): Dec {
  const scaled = x * pow;
  if (Math.abs(scaled) < 2 ** 32 && Math.abs(Math.abs(scaled - Math.trunc(scaled)) - 0.5) > 1e-6) return money.dec(String(Math.round(scaled) / pow));
  return money.dec(money.fromNumber(x, places));
}

/**
 * `money.toDecimalString` without its re-parse and regex when the value already has at most 9 fraction digits
 * (decimal.js keeps no trailing fraction zeros, so `toFixed()` is then the canonical text); the same strings.
 */
export function decimalText(d: Dec): string {
  if (d.isZero()) return '0';
  return d.decimalPlaces() <= money.MAX_FRACTION_DIGITS ? d.toFixed() : money.toDecimalString(d);
}

/**
 * A bar's exact prices, each made on first use: most bars meet no order, and an order usually needs only one or two
 * of the five numbers (a market order the open, a target the close, slippage and caps the volume).
 */
export class LazyExactBar implements ExactBar {
  private o: Dec | undefined;
  private h: Dec | undefined;
  private l: Dec | undefined;
  private c: Dec | undefined;
  private v: Dec | undefined;
  private readonly pow: number;

  constructor(
    private readonly bar: BacktestBar,
    private readonly places: number,
  ) {
    this.pow = 10 ** places;
  }

  get open(): Dec {
    return (this.o ??= exactFromFloat(this.bar.open, this.places, this.pow));
  }
  get high(): Dec {
    return (this.h ??= exactFromFloat(this.bar.high, this.places, this.pow));
  }
  get low(): Dec {
    return (this.l ??= exactFromFloat(this.bar.low, this.places, this.pow));
  }
  get close(): Dec {
    return (this.c ??= exactFromFloat(this.bar.close, this.places, this.pow));
  }
  /** Whole units (rounded half-even), as the engine has always counted volume. */
  get volume(): Dec {
    return (this.v ??= exactFromFloat(this.bar.volume, 0, 1));
  }
}

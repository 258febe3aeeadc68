import type { CurrentRegime, CurrentRegimeStore } from '../../core/ports/regime';

/** CurrentRegimeStore in memory, with the DynamoDB adapter's rule: a record is replaced only by a strictly later `asOf`. */
export class InMemoryCurrentRegimeStore implements CurrentRegimeStore {
  private readonly regimes = new Map<string, CurrentRegime>();
  /** Every accepted write, in order (tests). */
  readonly history: CurrentRegime[] = [];

  async currentRegime(symbol: string): Promise<CurrentRegime | undefined> {
    const r = this.regimes.get(symbol);
    return r === undefined ? undefined : structuredClone(r);
  }

  async recordRegime(regime: CurrentRegime): Promise<boolean> {
    const stored = this.regimes.get(regime.symbol);
    if (stored !== undefined && stored.asOf >= regime.asOf) return false;
    this.regimes.set(regime.symbol, structuredClone(regime));
    this.history.push(structuredClone(regime));
    return true;
  }
}

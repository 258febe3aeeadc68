import type { BarClosedV1 } from '../../contracts';
import type { FeatureBar } from '../../core/ml';
import { mlDirectionStrategy, type MlStrategyInput, type PredictionRecordV1, type PredictionStore } from '../../core/ml/inference';
import { modelIdOf, type ModelFamily } from '../../core/ml/lifecycle';
import type { TradingCalendar } from '../../core/market';
import type { HistoricalMarketData } from '../../core/market/history';
import type { StrategyBinding } from '../../core/trading';
import type { ActiveModelCache } from '../aws/ml-models';

/** The ML strategy bindings of one bar, and what to do after the strategies ran. */
export interface BarBindings {
  readonly bindings: readonly StrategyBinding[];
  /** Stores the bar's forecasts (champion and shadow challenger) once each; call after runStrategiesOnBar. */
  flush(): Promise<void>;
}

/** Daily bars of `symbol` for the sessions before `sessionDate` (the seed of a fresh daily window). */
export type DailyHistory = (symbol: string, sessionDate: string) => Promise<readonly FeatureBar[]>;

export interface MlBindingSourceOptions {
  readonly models: Pick<ActiveModelCache, 'active'>;
  readonly predictions: PredictionStore;
  readonly calendar: TradingCalendar;
  /** Seed history (absent: the window fills from live bars only, 64 sessions). */
  readonly history?: DailyHistory;
  readonly family?: ModelFamily;
  readonly params?: MlStrategyInput['params'];
  /** Wall clock for the history retry delay (default Date.now). */
  readonly now?: () => number;
  /** A failed history read is retried after this (default 60 s). */
  readonly historyRetryMs?: number;
  readonly onHistoryError?: (symbol: string, error: unknown) => void;
}

interface HistoryEntry {
  readonly sessionDate: string;
  readonly bars: readonly FeatureBar[] | undefined;
  readonly at: number;
}

const NO_BINDINGS: BarBindings = { bindings: [], flush: () => Promise.resolve() };

/**
 * The signal engine's ML binding provider: for a bar of symbol S, the champion of "S#family" (if the
 * registry has one) as a streaming strategy, with the challenger riding along in shadow. No champion:
 * no binding, and the engine runs exactly as without ML. The strategy is rebuilt for every bar from
 * the cached models, so a promotion is picked up within the pointer TTL while the strategy's id (and
 * so its daily window in the state store) stays the same.
 */
export class MlBindingSource {
  private readonly history = new Map<string, HistoryEntry>();
  private readonly family: ModelFamily;
  private readonly now: () => number;

  constructor(private readonly options: MlBindingSourceOptions) {
    this.family = options.family ?? 'ensemble-direction';
    this.now = options.now ?? Date.now;
  }

  async forBar(bar: Pick<BarClosedV1, 'symbol' | 'start'>): Promise<BarBindings> {
    const { champion, challenger } = await this.options.models.active(modelIdOf(bar.symbol, this.family));
    if (champion === undefined) return NO_BINDINGS;
    const sessionDate = this.options.calendar.sessionDate(bar.start);
    const history = await this.historyFor(bar.symbol, sessionDate);
    const pending: PredictionRecordV1[] = [];
    const strategy = mlDirectionStrategy({
      family: this.family,
      calendar: this.options.calendar,
      champion,
      ...(challenger !== undefined ? { challenger } : {}),
      ...(history !== undefined ? { history } : {}),
      ...(this.options.params !== undefined ? { params: this.options.params } : {}),
      record: (p) => pending.push(p),
    });
    return {
      bindings: [{ strategy: strategy as StrategyBinding['strategy'], symbols: [bar.symbol] }],
      flush: async () => {
        // A lost state race re-runs onBar: the same forecast may be pending twice; recordOnce keeps one.
        for (const p of pending) await this.options.predictions.recordOnce(p);
      },
    };
  }

  /** History once per symbol and session per container; a failure is retried after historyRetryMs. */
  private async historyFor(symbol: string, sessionDate: string): Promise<readonly FeatureBar[] | undefined> {
    const source = this.options.history;
    if (source === undefined) return undefined;
    const cached = this.history.get(symbol);
    const now = this.now();
    if (cached !== undefined && cached.sessionDate === sessionDate && (cached.bars !== undefined || now - cached.at < (this.options.historyRetryMs ?? 60_000))) return cached.bars;
    try {
      const bars = await source(symbol, sessionDate);
      this.history.set(symbol, { sessionDate, bars, at: now });
      return bars;
    } catch (error) {
      this.options.onHistoryError?.(symbol, error);
      this.history.set(symbol, { sessionDate, bars: undefined, at: now });
      return undefined;
    }
  }
}

/** Calendar days of daily history asked for: 64 sessions need about 93; holidays and margin make 130. */
export const SEED_CALENDAR_DAYS = 130;

/**
 * DailyHistory from a historical market-data source (Alpaca 1Day bars): bars starting before the
 * session's open, dated by their New York session date. Daily bars are timestamped at midnight New
 * York, so the session asked for is never included.
 */
export function dailyHistoryFrom(source: Pick<HistoricalMarketData, 'bars'>, calendar: TradingCalendar): DailyHistory {
  return async (symbol, sessionDate) => {
    const open = calendar.session(sessionDate)?.open ?? calendar.nextSession(Date.parse(`${sessionDate}T00:00:00Z`)).open;
    const from = open - SEED_CALENDAR_DAYS * 86_400_000;
    const bars = (await source.bars([symbol], from, open, '1Day')).get(symbol) ?? [];
    return bars.map((b) => ({ date: calendar.sessionDate(b.start), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume })).filter((b) => b.date < sessionDate);
  };
}

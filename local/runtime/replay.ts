import { DateTime } from 'luxon';
import type { OrderRejectedV1 } from '../../layers/contracts';
import { container } from '../../layers/adapters/runtime/container';
import { nyseCalendar } from '../../layers/core/market';

const calendar = nyseCalendar();
import type { LocalTradeloop } from './local-tradeloop';

const NEW_YORK = 'America/New_York';

export type ReplayPace = { readonly kind: 'max' } | { readonly kind: 'multiple'; readonly factor: number };

export interface ReplayProgress {
  readonly step: number;
  readonly steps: number;
  readonly marketTime: number;
  readonly bars: number;
  readonly orders: number;
}

/** The one-line account of a replay: what flowed through every stage, and what (if anything) was lost. */
export interface ReplaySummary {
  readonly from: string;
  readonly to: string;
  readonly symbols: readonly string[];
  /** False when the replay was stopped before its last step. */
  readonly completed: boolean;
  readonly sessionsReplayed: number;
  readonly schedulerFires: number;
  readonly bars: number;
  readonly signals: number;
  readonly intents: number;
  readonly approved: number;
  readonly rejections: number;
  readonly rejectionsByCheck: Readonly<Record<string, number>>;
  readonly orders: number;
  readonly fills: number;
  readonly ordersByStatus: Readonly<Record<string, number>>;
  /** Intents that reached the broker more than once (must be 0). */
  readonly duplicateOrders: number;
  readonly deadLetters: number;
  readonly deadLettersByQueue: Readonly<Record<string, number>>;
  /** Handler invocations that failed even after their retries (each is also in a DLQ). */
  readonly failedInvocations: number;
  readonly eventsRejectedByBus: number;
  readonly startingCash: string;
  readonly finalEquity: string;
  readonly finalCash: string;
  readonly openPositions: number;
  readonly wallSeconds: number;
}

/**
 * Replays the sessions from..to: moves the paper broker's market clock to every EventBridge Scheduler
 * fire time of the wiring's schedules (pre-market, open, each session minute, close, nightly), fires
 * the schedule, and waits until every event, queue message and invocation it caused has settled
 * (`max`) or until the scaled wall-clock time has passed (`multiple`).
 */
export async function runReplay(
  tradeloop: LocalTradeloop,
  range: {
    readonly from: string;
    readonly to: string;
    readonly symbols: readonly string[];
    /** Optional market-time window inside from..to (UTC ms): fires in (startAfter, endAt] only. */
    readonly startAfter?: number;
    readonly endAt?: number;
    /** Stops the replay after the current step (Ctrl-C); the summary then says it did not complete. */
    readonly signal?: AbortSignal;
  },
  pace: ReplayPace,
  onProgress: (progress: ReplayProgress) => void = () => undefined,
): Promise<ReplaySummary> {
  const started = Date.now();
  const startingCash = String(tradeloop.broker.account()['cash'] ?? '0');
  const counts = { bars: 0, signals: 0, rejections: 0, submitted: 0 };
  const rejectionsByCheck: Record<string, number> = {};
  const unsubscribe = tradeloop.bus.onEvent((event) => {
    switch (event['detail-type']) {
      case 'bar.closed':
        counts.bars += 1;
        break;
      case 'signal.generated':
        counts.signals += 1;
        break;
      case 'order.rejected': {
        counts.rejections += 1;
        for (const check of (event.detail as OrderRejectedV1).failedChecks) {
          rejectionsByCheck[check.checkId] = (rejectionsByCheck[check.checkId] ?? 0) + 1;
        }
        break;
      }
    }
  });

  const t0 = range.startAfter ?? DateTime.fromISO(range.from, { zone: NEW_YORK }).startOf('day').toMillis();
  const t1 = range.endAt ?? DateTime.fromISO(range.to, { zone: NEW_YORK }).endOf('day').toMillis();
  const fireTimes = [...new Set(tradeloop.scheduler.due(t0, t1).map((fire) => fire.at))];
  let previous = t0;
  let stepsDone = 0;
  try {
    for (const [index, at] of fireTimes.entries()) {
      if (range.signal?.aborted) break;
      if (pace.kind === 'multiple' && index > 0) await sleep((at - previous) / pace.factor);
      tradeloop.broker.advanceTo(at);
      await tradeloop.scheduler.advance(previous, at);
      await tradeloop.settle();
      previous = at;
      stepsDone = index + 1;
      onProgress({ step: index + 1, steps: fireTimes.length, marketTime: at, bars: counts.bars, orders: tradeloop.broker.orders().length });
    }
  } finally {
    unsubscribe();
  }

  const brokerOrders = tradeloop.broker.orders();
  const ordersByStatus: Record<string, number> = {};
  const perClientOrderId = new Map<string, number>();
  for (const order of brokerOrders) {
    ordersByStatus[order.status] = (ordersByStatus[order.status] ?? 0) + 1;
    perClientOrderId.set(order.client_order_id, (perClientOrderId.get(order.client_order_id) ?? 0) + 1);
  }
  const deadLettersByQueue = await tradeloop.deadLetterCounts();
  const account = tradeloop.broker.account();
  // Distinct intents from the audit trail: queue deliveries would count redeliveries twice.
  const decisions = await container().aws.stores.riskAudit.listByAccount(tradeloop.accountId, 1_000_000);
  const intents = new Set(decisions.map((d) => d.intentId));
  const approvedIntents = new Set(decisions.filter((d) => d.approved).map((d) => d.intentId));
  return {
    from: range.from,
    to: range.to,
    symbols: range.symbols,
    completed: stepsDone === fireTimes.length,
    sessionsReplayed: [...new Set(fireTimes.slice(0, stepsDone).map((at) => calendar.sessionDate(at)))].filter(
      (date) => calendar.session(date) !== undefined,
    ).length,
    schedulerFires: tradeloop.scheduler.fireCount,
    bars: counts.bars,
    signals: counts.signals,
    intents: intents.size,
    approved: approvedIntents.size,
    rejections: counts.rejections,
    rejectionsByCheck,
    orders: brokerOrders.length,
    fills: brokerOrders.filter((o) => Number(o.filled_qty) > 0).length,
    ordersByStatus,
    duplicateOrders: [...perClientOrderId.values()].filter((n) => n > 1).length,
    deadLetters: Object.values(deadLettersByQueue).reduce((a, b) => a + b, 0),
    deadLettersByQueue,
    failedInvocations: tradeloop.failures.size,
    eventsRejectedByBus: tradeloop.bus.stats.failed,
    startingCash,
    finalEquity: String(account['equity'] ?? ''),
    finalCash: String(account['cash'] ?? ''),
    openPositions: tradeloop.broker.positions().length,
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Pre-trade risk at portfolio scale: verify-trade decisions per second and the latency of one
 * decision for an account holding 500 positions, with every check's inputs present (asset flags,
 * ADV and volatilities, order activity, equity peak, post-trade VaR, a sector map over the book).
 *
 * - `verifyIntent` alone (the pure checks, 33 of them), against the 11 checks the project had
 *   before the risk issue, on the same inputs (the in-process baseline);
 * - the whole verify-trade use case (`verifyOrderIntent`) on in-memory adapters: reading the
 *   snapshot (500 broker positions, 500 recent orders reduced to activity counts, 500 symbols of
 *   daily bars reduced to ADV/volatility, a 500-position VaR), judging, auditing and sending. It
 *   measures the core's cost per decision; in Lambda the DynamoDB and Alpaca round trips add to it.
 *
 * Each decision is a new intent object (as in production), so nothing is served from the
 * per-(intent, context) exposure memo. Standalone: `npx tsx bench/risk-checks.ts [--quick]`.
 */
import {
  FakeBroker,
  FakeMarketData,
  InMemoryLimitsStore,
  InMemoryOrderStore,
  InMemoryRiskAuditStore,
  InMemoryStrategyStateStore,
  ManualClock,
  RecordingApprovedOrderQueue,
  RecordingEventPublisher,
} from '../layers/adapters/memory';
import { FakeRiskMarketData } from '../layers/adapters/memory/risk-market';
import { DEFAULT_RISK_LIMITS, RiskLimitsV1, type OrderIntentV1 } from '../layers/contracts';
import { mulberry32 } from '../layers/core/analytics';
import { nyseCalendar } from '../layers/core/market';
import * as money from '../layers/core/money';
import type { MinuteBar } from '../layers/core/ports';
import { PRE_TRADE_CHECKS, type PreTradeContext, verifyIntent } from '../layers/core/risk';
import { verifyOrderIntent, type VerifyDeps } from '../layers/core/trading';
import { DEFAULTS, latencyStats, measureThroughput } from './harness';
import type { Figure } from './report';

export interface RiskChecksBenchOptions {
  readonly log?: (line: string) => void;
  readonly quick?: boolean;
}

const GROUP = '11 pre-trade risk at scale';
const POSITIONS = 500;
/** 10:00 New York on Tuesday 2 January 2024. */
const NOW = Date.UTC(2024, 0, 2, 15, 0);
const DAY = 86_400_000;
/** The 11 checks the project had before the risk issue: the baseline. */
const ORIGINAL_CHECK_IDS = new Set([
  'killSwitch', 'accountTradable', 'marketOpen', 'staleMarketData', 'restrictedSymbol', 'duplicateIntent',
  'maxOrderQuantity', 'maxOrderNotional', 'maxPositionNotional', 'buyingPower', 'priceCollar',
]);

const symbolAt = (i: number): string => `S${String(i).padStart(3, '0')}`;

/** A $50M account with 500 long positions of $20k–$80k, a sector map of 11 sectors, and every snapshot input. */
export function portfolioScenario(): { readonly intent: OrderIntentV1; readonly context: PreTradeContext; readonly dailyBars: ReadonlyMap<string, MinuteBar[]> } {
  const r = mulberry32(500);
  const positions = Array.from({ length: POSITIONS }, (_, i) => {
    const price = money.fromNumber(10 + r() * 290, 2);
    const quantity = String(Math.floor((20_000 + r() * 60_000) / Number(price)));
    return { symbol: symbolAt(i), quantity, currentPrice: price, marketValue: money.mul(quantity, price) };
  });
  const sectors = ['tech', 'health', 'financials', 'energy', 'industrials', 'utilities', 'materials', 'staples', 'discretionary', 'telecom', 'realestate'];
  const limits = RiskLimitsV1.parse({
    ...DEFAULT_RISK_LIMITS,
    maxOrderNotional: '1000000',
    maxPositionNotional: '2000000',
    maxDailyLoss: '1000000',
    sectorMap: Object.fromEntries(positions.map((p, i) => [p.symbol, sectors[i % sectors.length] ?? 'tech'])),
    maxSectorPct: 0.25,
    maxAbsDelta: 10_000_000,
    maxOrdersPerDay: 2000,
  });
  const stats: Record<string, { averageDailyVolume: number; volatilityShort: number; volatilityLong: number }> = {};
  const dailyBars = new Map<string, MinuteBar[]>();
  for (const p of positions) {
    stats[p.symbol] = { averageDailyVolume: 1_000_000 + r() * 5e6, volatilityShort: 0.2 + r() * 0.1, volatilityLong: 0.25 };
    let close = Number(p.currentPrice);
    dailyBars.set(
      p.symbol,
      Array.from({ length: 70 }, (_, d) => {
        close *= 1 + (r() - 0.5) * 0.03;
        return { symbol: p.symbol, start: NOW - (70 - d) * DAY, open: close, high: close, low: close, close, volume: 2_000_000 };
      }),
    );
  }
  const target = positions[7];
  if (target === undefined) throw new Error('no position 7');
  const intent: OrderIntentV1 = {
    schema: 'OrderIntentV1',
    intentId: 'bench:risk:0',
    accountId: 'bench',
    strategyId: 'bench',
    signalId: 'bench:risk:0',
    symbol: target.symbol,
    side: 'buy',
    quantity: '50',
    orderType: 'market',
    timeInForce: 'day',
    referencePrice: target.currentPrice,
    marketDataAt: NOW - 30_000,
    createdAt: NOW - 1_000,
  };
  const context: PreTradeContext = {
    now: NOW,
    calendar: nyseCalendar(),
    killSwitch: { engaged: false, reason: 'never', actor: 'system', changedAt: 0 },
    limits: { version: 9, limits, changedBy: 'bench', reason: 'bench', changedAt: 0 },
    account: { accountNumber: 'BENCH', status: 'ACTIVE', cash: '10000000', buyingPower: '40000000', equity: '50000000', lastEquity: '49900000', tradingBlocked: false, patternDayTrader: false },
    positions,
    lastTrade: { price: Number(target.currentPrice), at: NOW - 2_000 },
    openOrders: Array.from({ length: 20 }, (_, i) => ({ symbol: symbolAt(i), side: 'buy' as const, quantity: '10' })),
    market: {
      assets: { [target.symbol]: { tradable: true, status: 'active', shortable: true, easyToBorrow: true, assetClass: 'us_equity' } },
      stats,
      activity: { ordersLastMinute: 3, ordersToday: 120, dayTradesLast5Sessions: 0, boughtToday: [], soldToday: [] },
      equityPeak: '51000000',
      postTradeVar: '1500000',
    },
  };
  return { intent, context, dailyBars };
}

async function useCaseDeps(scenario: ReturnType<typeof portfolioScenario>): Promise<VerifyDeps> {
  const clock = new ManualClock(NOW);
  const calendar = nyseCalendar();
  const broker = new FakeBroker(clock, calendar);
  broker.accountState = { ...scenario.context.account };
  for (const p of scenario.context.positions) {
    broker.prices.set(p.symbol, Number(p.currentPrice));
    broker.setPosition(p.symbol, p.quantity, p.currentPrice ?? '1');
  }
  const marketData = new FakeMarketData();
  marketData.setLatestTrade(scenario.intent.symbol, Number(scenario.intent.referencePrice), NOW - 2_000);
  const limits = new InMemoryLimitsStore();
  await limits.putLimits('bench', scenario.context.limits.limits, 0, { changedBy: 'bench', reason: 'bench', changedAt: 0 });
  const orders = new InMemoryOrderStore();
  for (let i = 0; i < 500; i += 1) {
    const p = scenario.context.positions[i % POSITIONS];
    await orders.claim({
      clientOrderId: `old-${i}`, intentId: `old-${i}`, accountId: 'bench', strategyId: 'bench', symbol: p?.symbol ?? 'S000', side: i % 3 === 0 ? 'sell' : 'buy',
      quantity: '10', orderType: 'market', timeInForce: 'day', status: i % 10 === 0 ? 'accepted' : 'filled', filledQuantity: i % 10 === 0 ? '0' : '10',
      createdAt: NOW - (500 - i) * 30_000, updatedAt: NOW - (500 - i) * 30_000,
    });
  }
  const riskMarket = new FakeRiskMarketData();
  riskMarket.setAsset(scenario.intent.symbol);
  for (const [symbol, bars] of scenario.dailyBars) riskMarket.daily.set(symbol, bars);
  return {
    clock, calendar, limits, broker, marketData, orders,
    audit: new InMemoryRiskAuditStore(),
    approvedOrders: new RecordingApprovedOrderQueue(),
    events: new RecordingEventPublisher(),
    riskMarket,
    strategyState: new InMemoryStrategyStateStore(),
  };
}

export async function benchRiskChecks(options: RiskChecksBenchOptions = {}): Promise<Figure[]> {
  const log = options.log ?? (() => undefined);
  const quick = options.quick ?? false;
  const harness = quick ? { warmupMs: 50, samples: 5, sampleMs: 10 } : DEFAULTS;
  const scenario = portfolioScenario();
  const { context } = scenario;
  const verdict = verifyIntent(scenario.intent, context);
  if (!verdict.approved) throw new Error(`the bench intent should pass: ${JSON.stringify(verdict.failed)}`);
  const original = PRE_TRADE_CHECKS.filter((c) => ORIGINAL_CHECK_IDS.has(c.checkId));
  let n = 0;
  const freshIntent = (): OrderIntentV1 => ({ ...scenario.intent, intentId: `bench:risk:${(n += 1)}` });

  log(`  ${GROUP}: verifyIntent, ${PRE_TRADE_CHECKS.length} checks, ${POSITIONS} positions`);
  const all = measureThroughput({ ...harness, opsPerRep: 1, body: (reps) => { let acc = 0; for (let i = 0; i < reps; i += 1) acc += verifyIntent(freshIntent(), context).checks.length; return acc; } });
  const base = measureThroughput({ ...harness, opsPerRep: 1, body: (reps) => { let acc = 0; for (let i = 0; i < reps; i += 1) acc += verifyIntent(freshIntent(), context, original).checks.length; return acc; } });
  const pureLatencies: number[] = [];
  for (let i = 0; i < (quick ? 200 : 3000); i += 1) {
    const t = process.hrtime.bigint();
    verifyIntent(freshIntent(), context);
    pureLatencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const pure = latencyStats(pureLatencies.slice(quick ? 20 : 200));

  log(`  ${GROUP}: verifyOrderIntent use case on in-memory adapters`);
  const deps = await useCaseDeps(scenario);
  const decisions = quick ? 60 : 600;
  const warm = quick ? 10 : 60;
  const caseLatencies: number[] = [];
  let approved = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < decisions + warm; i += 1) {
    const t = process.hrtime.bigint();
    const outcome = await verifyOrderIntent(deps, freshIntent());
    if (i >= warm) caseLatencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (outcome.kind === 'approved') approved += 1;
  }
  if (approved !== decisions + warm) {
    const sample = await verifyOrderIntent(deps, freshIntent());
    throw new Error(`every bench decision should be approved (${approved} of ${decisions + warm}): ${JSON.stringify(sample.kind === 'rejected' ? sample.rejection.failedChecks : sample.kind)}`);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const useCase = latencyStats(caseLatencies);
  const spread = (s: { iqrPct: number }): string => `±${(s.iqrPct / 2).toFixed(1)} %`;

  return [
    {
      id: 'risk-checks.verify-intent-500',
      group: GROUP,
      name: `verifyIntent, ${PRE_TRADE_CHECKS.length} checks, ${POSITIONS} positions`,
      value: all.opsPerSec,
      unit: 'decisions/s',
      baseline: { name: `the ${original.length} pre-issue checks`, value: base.opsPerSec },
      ratio: all.opsPerSec / base.opsPerSec,
      spread: spread(all),
      method: `median of ${all.samples} samples; each decision a new intent (no memo reuse); full snapshot (ADV, vols, activity, peak, VaR, 11-sector map)`,
      stats: { all, baseline: base },
    },
    {
      id: 'risk-checks.verify-intent-500.latency',
      group: GROUP,
      name: `one verifyIntent decision, ${POSITIONS} positions`,
      value: pure.p99,
      unit: 'ms p99',
      spread: `p50 ${pure.p50.toFixed(3)} ms, max ${pure.max.toFixed(3)} ms`,
      method: `${pure.count} timed decisions after warm-up`,
      stats: pure,
    },
    {
      id: 'risk-checks.verify-trade-500',
      group: GROUP,
      name: `verify-trade use case, ${POSITIONS} positions, in-memory adapters`,
      value: (decisions + warm) / (totalMs / 1000),
      unit: 'decisions/s',
      spread: `p50 ${useCase.p50.toFixed(3)} ms`,
      method: `${decisions + warm} sequential decisions: snapshot from ports (500 positions, 500 orders, 500 symbols × 70 daily bars cached by the fake as plain arrays), checks, audit, send; no network`,
      stats: { decisions: decisions + warm, totalMs },
    },
    {
      id: 'risk-checks.verify-trade-500.latency',
      group: GROUP,
      name: `one verify-trade decision, ${POSITIONS} positions, in-memory adapters`,
      value: useCase.p99,
      unit: 'ms p99',
      spread: `p50 ${useCase.p50.toFixed(3)} ms, max ${useCase.max.toFixed(3)} ms`,
      method: `${useCase.count} timed decisions after ${warm} warm-up decisions`,
      stats: useCase,
    },
  ];
}

// Standalone run: `npx tsx bench/risk-checks.ts [--quick]`.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const { renderTable } = await import('./report');
  const figures = await benchRiskChecks({ log: (l) => process.stderr.write(`${l}\n`), quick: process.argv.includes('--quick') });
  process.stdout.write(`${renderTable(figures)}\n`);
}

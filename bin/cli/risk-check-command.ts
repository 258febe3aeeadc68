import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_RISK_LIMITS, OrderIntentV1, RiskLimitsV1 } from '../../layers/contracts';
import { nyseCalendar } from '../../layers/core/market';
import type { BrokerAccount, KillSwitchState, VersionedLimits } from '../../layers/core/ports';
import { PRE_TRADE_CHECKS, type PreTradeContext, type RiskVerdict, verifyIntent } from '../../layers/core/risk';
import { riskCommand } from './risk-metrics-command';
import { UsageError } from './usage-error';

const Decimal = z.string().regex(/^-?\d{1,15}(\.\d{1,9})?$/, 'expected a decimal string such as "187.25"');
const Time = z.union([z.number().int().nonnegative(), z.string().datetime({ offset: true }).transform((s) => Date.parse(s))]);
const Greeks = z.object({ delta: z.number(), gamma: z.number(), vega: z.number() }).strict();

/**
 * The `--snapshot` file: everything the checks judge besides the intent and the policy. Every
 * field is optional; RISK_CHECK_DEFAULTS says what an absent one means.
 */
export const RiskCheckSnapshotFile = z
  .object({
    /** The decision time (epoch ms or ISO 8601); default: the intent's createdAt. */
    now: Time.optional(),
    account: z
      .object({
        accountNumber: z.string().default('CLI'),
        status: z.string().default('ACTIVE'),
        cash: Decimal.optional(),
        buyingPower: Decimal.optional(),
        equity: Decimal.default('100000'),
        lastEquity: Decimal.optional(),
        tradingBlocked: z.boolean().default(false),
        patternDayTrader: z.boolean().default(false),
      })
      .strict()
      .optional(),
    killSwitch: z.object({ engaged: z.boolean(), reason: z.string().default('from the snapshot file'), actor: z.string().default('cli'), changedAt: z.number().default(0) }).strict().optional(),
    positions: z.array(z.object({ symbol: z.string().min(1), quantity: Decimal, marketValue: Decimal.optional(), currentPrice: Decimal.optional() }).strict()).default([]),
    openOrders: z.array(z.object({ symbol: z.string().min(1), side: z.enum(['buy', 'sell']), quantity: Decimal }).strict()).optional(),
    lastTrade: z.object({ price: z.number().positive(), at: Time }).strict().optional(),
    /** True when an order already exists for the intent (the duplicate check). */
    orderExists: z.boolean().default(false),
    market: z
      .object({
        assets: z
          .record(
            z.string(),
            z.object({ tradable: z.boolean(), status: z.string().optional(), halted: z.boolean().optional(), shortable: z.boolean(), easyToBorrow: z.boolean(), assetClass: z.string().optional() }).strict(),
          )
          .optional(),
        haltedSymbols: z.array(z.string()).optional(),
        stats: z.record(z.string(), z.object({ averageDailyVolume: z.number().nonnegative().optional(), volatilityShort: z.number().nonnegative().optional(), volatilityLong: z.number().nonnegative().optional() }).strict()).optional(),
        activity: z
          .object({
            ordersLastMinute: z.number().int().nonnegative().default(0),
            ordersToday: z.number().int().nonnegative().default(0),
            dayTradesLast5Sessions: z.number().int().nonnegative().default(0),
            boughtToday: z.array(z.string()).default([]),
            soldToday: z.array(z.string()).default([]),
          })
          .strict()
          .optional(),
        equityPeak: Decimal.optional(),
        optionsApprovalLevel: z.number().int().min(0).max(4).optional(),
        positionGreeks: z.record(z.string(), Greeks).optional(),
        postTradeVar: Decimal.optional(),
        postTradeVarMethod: z.string().max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RiskCheckSnapshotFile = z.input<typeof RiskCheckSnapshotFile>;

/** The `--limits` file: a RiskLimitsV1 policy (later fields optional), or `{ version, limits }` as GET /limits returns it. */
const LimitsFile = z.union([
  RiskLimitsV1.transform((limits) => ({ version: 0, limits })),
  z.object({ version: z.number().int().nonnegative(), limits: RiskLimitsV1 }).passthrough().transform(({ version, limits }) => ({ version, limits })),
]);

/** What each absent input means (printed with --json so a reader sees what was assumed). */
export const RISK_CHECK_DEFAULTS = {
  now: "the intent's createdAt (a saved intent is judged as at its creation, so the result never changes)",
  account: 'ACTIVE, not blocked, equity 100000, last equity = equity, cash = equity, buying power = 2 × equity',
  killSwitch: 'released',
  positions: 'none',
  openOrders: 'absent: maxOpenOrders says "not measured"',
  lastTrade: "the intent's reference price at `now` (the collar then only judges a limit price)",
  orderExists: 'false',
  market: 'absent parts make their checks say "not measured" (or fail when the policy has failClosedOnMissingData)',
  limits: 'DEFAULT_RISK_LIMITS, policy version 0',
} as const;

async function readJson(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(`cannot read ${option} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error: unknown) {
    throw new UsageError(`${option} ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new UsageError(`${what} is not valid: ${issues}`);
}

/** Builds the pre-trade context from the parsed files (pure; the defaults are RISK_CHECK_DEFAULTS). */
export function riskCheckContext(intent: OrderIntentV1, snapshot: z.output<typeof RiskCheckSnapshotFile>, limits: VersionedLimits): PreTradeContext {
  const now = snapshot.now ?? intent.createdAt;
  const a = snapshot.account;
  const equity = a?.equity ?? '100000';
  const account: BrokerAccount = {
    accountNumber: a?.accountNumber ?? 'CLI',
    status: a?.status ?? 'ACTIVE',
    equity,
    lastEquity: a?.lastEquity ?? equity,
    cash: a?.cash ?? equity,
    buyingPower: a?.buyingPower ?? (Number(equity) * 2).toFixed(2),
    tradingBlocked: a?.tradingBlocked ?? false,
    patternDayTrader: a?.patternDayTrader ?? false,
  };
  const killSwitch: KillSwitchState = snapshot.killSwitch ?? { engaged: false, reason: 'released', actor: 'cli', changedAt: 0 };
  const price = Number(intent.referencePrice);
  return {
    now,
    calendar: nyseCalendar(),
    killSwitch,
    limits,
    account,
    positions: snapshot.positions,
    lastTrade: snapshot.lastTrade ?? { price, at: now },
    ...(snapshot.orderExists
      ? {
          existingOrder: {
            clientOrderId: `(from snapshot) ${intent.intentId}`.slice(0, 128),
            intentId: intent.intentId,
            accountId: intent.accountId,
            strategyId: intent.strategyId,
            symbol: intent.symbol,
            side: intent.side,
            quantity: intent.quantity,
            orderType: intent.orderType,
            timeInForce: intent.timeInForce,
            status: 'accepted' as const,
            filledQuantity: '0',
            createdAt: now,
            updatedAt: now,
          },
        }
      : {}),
    ...(snapshot.openOrders === undefined ? {} : { openOrders: snapshot.openOrders }),
    ...(snapshot.market === undefined ? {} : { market: snapshot.market }),
  };
}

/** Reads the three files, evaluates every check and returns the verdict (pure evaluation: nothing running is needed). */
export async function evaluateRiskCheckFiles(files: { readonly intent: string; readonly snapshot?: string; readonly limits?: string }): Promise<{ readonly verdict: RiskVerdict; readonly context: PreTradeContext; readonly intent: OrderIntentV1; readonly defaults: Partial<Record<keyof typeof RISK_CHECK_DEFAULTS, string>> }> {
  const intent = parseWith(OrderIntentV1, await readJson(files.intent, '--intent'), `--intent ${files.intent}`);
  const raw = files.snapshot === undefined ? {} : await readJson(files.snapshot, '--snapshot');
  const snapshot = parseWith(RiskCheckSnapshotFile, raw, `--snapshot ${files.snapshot ?? ''}`);
  const given = new Set(typeof raw === 'object' && raw !== null ? Object.keys(raw) : []);
  if (files.limits !== undefined) given.add('limits');
  const defaults = Object.fromEntries(Object.entries(RISK_CHECK_DEFAULTS).filter(([key]) => !given.has(key)));
  const limitsFile = files.limits === undefined ? { version: 0, limits: DEFAULT_RISK_LIMITS } : parseWith(LimitsFile, await readJson(files.limits, '--limits'), `--limits ${files.limits}`);
  const limits: VersionedLimits = { ...limitsFile, changedBy: 'cli', reason: files.limits === undefined ? 'default policy' : `from ${files.limits}`, changedAt: 0 };
  const context = riskCheckContext(intent, snapshot, limits);
  return { verdict: verifyIntent(intent, context), context, intent, defaults };
}

function render(verdict: RiskVerdict, intent: OrderIntentV1): string {
  const rows = verdict.checks.map((c) => [c.passed ? 'PASS' : 'FAIL', c.checkId, c.measured ?? '', c.limit ?? '', c.reason]);
  const widths = [4, ...[1, 2, 3].map((i) => Math.min(28, Math.max(...rows.map((r) => (r[i] ?? '').length), 5)))];
  const line = (r: readonly string[]) => r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ');
  const header = `${intent.side} ${intent.quantity} ${intent.option?.contractSymbol ?? intent.symbol} @ ${intent.limitPrice ?? intent.referencePrice} (${intent.intentId}): ${verdict.approved ? 'APPROVED' : `REJECTED by ${verdict.failed.length} check(s)`}, policy v${verdict.policyVersion}`;
  return [header, line(['', 'check', 'measured', 'limit', 'reason']), ...rows.map(line)].join('\n');
}

/** `tradeloop risk check`: every pre-trade check's verdict on an intent, from files, with nothing running. */
export function registerRiskCheckCommand(program: Command): Command {
  const risk = riskCommand(program);
  risk
    .command('check')
    .description(`Run every pre-trade check (${PRE_TRADE_CHECKS.length}) on an order intent from files and print each verdict: pure evaluation, no running system needed`)
    .option('--intent <file>', 'OrderIntentV1 JSON file (required)')
    .option('--snapshot <file>', 'JSON: now, account, killSwitch, positions, openOrders, lastTrade, orderExists, market {assets, haltedSymbols, stats, activity, equityPeak, optionsApprovalLevel, positionGreeks, postTradeVar}; all optional (see --json "defaults")')
    .option('--limits <file>', 'RiskLimitsV1 JSON (fields after maxDailyLoss optional), or {version, limits} as GET /limits returns it; default: the default policy')
    .option('--json', 'machine-readable output: {approved, policyVersion, checks, failed, defaults}', false)
    .action(async (opts: { intent?: string; snapshot?: string; limits?: string; json: boolean }) => {
      if (opts.intent === undefined) throw new UsageError('--intent <file> is required');
      const { verdict, intent, defaults } = await evaluateRiskCheckFiles({
        intent: opts.intent,
        ...(opts.snapshot === undefined ? {} : { snapshot: opts.snapshot }),
        ...(opts.limits === undefined ? {} : { limits: opts.limits }),
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ command: 'risk check', intentId: intent.intentId, approved: verdict.approved, policyVersion: verdict.policyVersion, checks: verdict.checks, failed: verdict.failed, defaults })}\n`);
        return;
      }
      process.stdout.write(`${render(verdict, intent)}\n`);
    });
  return risk;
}

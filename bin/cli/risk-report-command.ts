import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { RiskReportQueryV1 } from '../../layers/contracts';
import { callApi, withApiOptions, type ApiOptions } from './api-client';
import { riskCommand } from './risk-metrics-command';
import { UsageError } from './usage-error';

/** The parts of a stored PortfolioRiskReportV1 the CLI prints; anything else passes through to --json untouched. */
const Figure = z.object({ var: z.number(), cvar: z.number(), varPctOfEquity: z.number().nullable(), cvarPctOfEquity: z.number().nullable() }).passthrough();
const RiskReportAnswer = z
  .object({
    schema: z.literal('PortfolioRiskReportV1'),
    accountId: z.string(),
    asOf: z.string(),
    routine: z.string(),
    computedAt: z.number(),
    equity: z.number(),
    observations: z.number(),
    var: z.array(z.object({ confidence: z.number(), historical: Figure, gaussian: Figure }).passthrough()),
    positions: z.array(z.object({ symbol: z.string(), quantity: z.number(), marketValue: z.number(), componentVar99: z.number(), componentShare99: z.number() }).passthrough()),
    stress: z.array(z.object({ scenarioId: z.string(), name: z.string(), pnl: z.number(), pnlPctOfEquity: z.number().nullable() }).passthrough()),
    unmodelled: z.array(z.object({ symbol: z.string(), reason: z.string() }).passthrough()),
    limit: z.object({ maxPostTradeVarPct: z.number(), usage: z.number().nullable(), breached: z.boolean() }).passthrough(),
  })
  .passthrough();
type RiskReportAnswer = z.infer<typeof RiskReportAnswer>;

function parseDate(value: string): string {
  if (!RiskReportQueryV1.safeParse({ date: value }).success) throw new InvalidArgumentError(`"${value}" is not a session date YYYY-MM-DD`);
  return value;
}

const usd = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (f: number | null): string => (f === null ? 'n/a' : `${(100 * f).toFixed(2)} %`);

/** The report as a person reads it: VaR/CVaR per level and model, component VaR per position, stress, the limit. */
export function formatRiskReport(r: RiskReportAnswer): string {
  const lines = [
    `risk report ${r.accountId} ${r.asOf} (${r.routine}, computed ${new Date(r.computedAt).toISOString()}), equity ${usd(r.equity)}, ${r.observations} daily returns`,
    '1-day loss         historical VaR / CVaR            gaussian VaR / CVaR',
  ];
  for (const level of r.var) {
    const h = `${usd(level.historical.var)} / ${usd(level.historical.cvar)} (${pct(level.historical.varPctOfEquity)})`;
    const g = `${usd(level.gaussian.var)} / ${usd(level.gaussian.cvar)} (${pct(level.gaussian.varPctOfEquity)})`;
    lines.push(`  ${(100 * level.confidence).toFixed(0)} %             ${h.padEnd(32)} ${g}`);
  }
  lines.push('component VaR 99 % (gaussian, Euler)');
  if (r.positions.length === 0) lines.push('  (no modelled positions)');
  for (const p of r.positions) lines.push(`  ${p.symbol.padEnd(8)} qty ${String(p.quantity).padStart(8)}  value ${usd(p.marketValue).padStart(12)}  cVaR ${usd(p.componentVar99).padStart(10)}  share ${pct(p.componentShare99)}`);
  lines.push('stress');
  for (const s of r.stress) lines.push(`  ${s.name.padEnd(36)} ${usd(s.pnl).padStart(12)}  (${pct(s.pnlPctOfEquity)})`);
  for (const u of r.unmodelled) lines.push(`not modelled: ${u.symbol}: ${u.reason}`);
  lines.push(`limit: VaR99 usage ${r.limit.usage === null ? 'n/a' : pct(r.limit.usage)} of ${pct(r.limit.maxPostTradeVarPct)} of equity${r.limit.breached ? ' — BREACHED' : ''}`);
  return lines.join('\n');
}

/** `tradeloop risk report [--run] [--date D]`: the stored risk report through the control API, or an on-demand run. */
export function registerRiskReportCommand(program: Command): Command {
  const risk = riskCommand(program);
  withApiOptions(
    risk
      .command('report')
      .description('Show the stored risk report (VaR/CVaR 95/99, component VaR, stress) of the latest session or --date; --run computes one on the current book now')
      .option('--date <YYYY-MM-DD>', 'the session whose stored report to show (default: the latest)', parseDate)
      .option('--run', 'run the report now (POST /risk/report); a repeat within a minute returns the same report', false)
      .option('--force', 'with --run: recompute even if a report was computed less than a minute ago', false),
  ).action(async (options: ApiOptions & { date?: string; run: boolean; force: boolean }) => {
    if (options.run && options.date !== undefined) throw new UsageError('--run computes the current session; it takes no --date');
    if (options.force && !options.run) throw new UsageError('--force goes with --run');
    const raw = options.run
      ? await callApi(options, 'POST', '/risk/report', { force: options.force })
      : await callApi(options, 'GET', options.date === undefined ? '/risk/report' : `/risk/report?date=${options.date}`);
    const parsed = RiskReportAnswer.safeParse(raw);
    if (!parsed.success) throw new Error(`the control API answered with something that is not a risk report: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.stdout.write(`${options.json ? JSON.stringify(parsed.data) : formatRiskReport(parsed.data)}\n`);
  });
  return risk;
}

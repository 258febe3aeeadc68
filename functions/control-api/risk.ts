import { RiskReportQueryV1, RiskReportRunRequestV1 } from '../../layers/contracts';
import type { Clock } from '../../layers/core/ports';
import type { RiskReportReader } from '../../layers/core/ports/riskReports';
import type { PortfolioRiskReport, ReportPortfolioRiskResult } from '../../layers/core/trading';

/**
 * A POST within this long of the stored report of the same session answers with that report instead of
 * recomputing: a retried or double-clicked request costs no data-API calls and returns the same body.
 * One minute because the book is marked at most once per minute bar.
 */
export const RISK_REPORT_REUSE_MS = 60_000;

/** What GET/POST /risk/report need; built by the handler. */
export interface RiskReportDeps {
  readonly accountId: string;
  readonly clock: Clock;
  readonly reports: RiskReportReader;
  /** The session date (YYYY-MM-DD, New York) of an instant: the key a run at that instant stores under. */
  readonly sessionDate: (at: number) => string;
  /** Runs the risk-report use case on the current book at `at` and stores the report (the same item the close/nightly runs write). */
  readonly run: (at: number) => Promise<ReportPortfolioRiskResult>;
  /** Default RISK_REPORT_REUSE_MS. */
  readonly reuseMs?: number;
}

export type RiskReportAnswer =
  | { readonly kind: 'found'; readonly report: PortfolioRiskReport }
  | { readonly kind: 'not-found'; readonly message: string }
  /** POST: computed now; `stored` false when concurrent writers of the same session kept winning. */
  | { readonly kind: 'computed'; readonly report: PortfolioRiskReport; readonly stored: boolean }
  /** POST: a report of this session computed within the reuse window was returned as is. */
  | { readonly kind: 'reused'; readonly report: PortfolioRiskReport };

/** GET /risk/report[?date=YYYY-MM-DD]: one session's stored report, else the latest. */
export async function getRiskReport(query: unknown, deps: RiskReportDeps): Promise<RiskReportAnswer> {
  const { date } = RiskReportQueryV1.parse(query ?? {}); // a ZodError becomes 400 in the router
  const report = date === undefined ? await deps.reports.latest(deps.accountId) : await deps.reports.get(deps.accountId, date);
  if (report !== undefined) return { kind: 'found', report };
  return {
    kind: 'not-found',
    message:
      date === undefined
        ? `no risk report stored for account ${deps.accountId} yet: the close and nightly routines write one per session, POST /risk/report runs one now`
        : `no risk report stored for account ${deps.accountId} on ${date}: reports exist only for sessions a close, nightly or on-demand run covered`,
  };
}

/**
 * POST /risk/report: runs the report on the current book now, synchronously. Synchronous because the
 * run is small (a year of daily bars for the held symbols and the benchmark in one paginated request,
 * then O(positions² × 252) arithmetic), well inside the control API's 15 s timeout, and the caller
 * wants the figures in the answer; an async path through the risk-report function would need a new
 * event and a poll for the same result. Idempotent: the run writes the one item of (account, session
 * date) that the scheduled runs write (last write wins, the book is the same book), and a repeat within
 * the reuse window returns the stored report without recomputing unless `force` is set.
 */
export async function runRiskReport(body: unknown, deps: RiskReportDeps): Promise<RiskReportAnswer> {
  const { force } = RiskReportRunRequestV1.parse(body ?? {});
  const now = await deps.clock.now();
  if (!force) {
    const existing = await deps.reports.get(deps.accountId, deps.sessionDate(now));
    if (existing !== undefined && now - existing.computedAt >= 0 && now - existing.computedAt < (deps.reuseMs ?? RISK_REPORT_REUSE_MS)) {
      return { kind: 'reused', report: existing };
    }
  }
  const { report, stored } = await deps.run(now);
  return { kind: 'computed', report, stored };
}

import type { CheckResultV1, OrderIntentV1 } from '../../contracts';
import { checkResult, type PreTradeCheck, type PreTradeContext } from './preTradeCheck';
import { PRE_TRADE_CHECKS } from './registry';

/** The outcome of pre-trade verification: every check's verdict and the policy version applied. */
export interface RiskVerdict {
  readonly approved: boolean;
  readonly policyVersion: number;
  readonly checks: readonly CheckResultV1[];
  readonly failed: readonly CheckResultV1[];
}

/**
 * Runs every check (not stopping at the first failure, so a rejection carries every reason).
 * A check that throws fails closed: it counts as failed with the error as its reason.
 */
export function verifyIntent(
  intent: OrderIntentV1,
  context: PreTradeContext,
  checks: readonly PreTradeCheck[] = PRE_TRADE_CHECKS,
): RiskVerdict {
  const results = checks.map((check) => {
    try {
      return check.evaluate(intent, context);
    } catch (error) {
      return checkResult(check.checkId, false, `check failed to evaluate: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const failed = results.filter((r) => !r.passed);
  return { approved: results.length > 0 && failed.length === 0, policyVersion: context.limits.version, checks: results, failed };
}

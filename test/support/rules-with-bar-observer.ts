import { RULES as WIRING_RULES } from '../../layers/contracts/wiring';
import type { RuleSpec } from '../../layers/contracts/wiring';

/**
 * The wiring's rules plus one that routes bar.closed to a function: in the wiring bars reach the
 * signal engine through the bars FIFO queue and bar.closed has only observers, so bus tests that
 * need a bar consumer add this one.
 */
export const BAR_OBSERVER: RuleSpec = {
  name: 'test-bar-observer',
  description: 'test only',
  eventPattern: { source: ['tradeloop.market'], 'detail-type': ['bar.closed'] },
  target: 'signal-engine',
};

export const RULES_WITH_BAR_OBSERVER: readonly RuleSpec[] = [...WIRING_RULES, BAR_OBSERVER];

import type { SignalDirection } from '../../contracts';
import type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from './strategy';

/** What a rule decides at a bar: a new view with its reason, or `hold` (keep the current view). */
export type RuleDecision = { readonly view: SignalDirection; readonly reason: string } | { readonly view: 'hold' };

/**
 * Per-symbol state of a view-rule strategy: its parameters (so state written under other parameters is
 * refused), the rule's own JSON indicator state, the last bar seen and the current view (null until the
 * rule first decides).
 */
export interface ViewRuleState<I> {
  readonly params: unknown;
  readonly indicators: I;
  readonly lastBarStart: number | null;
  readonly view: SignalDirection | null;
}

/** A strategy written as "indicators in, view out"; {@link viewRuleStrategy} adds the bookkeeping. */
export interface ViewRule<P, I> {
  readonly id: string;
  readonly version: string;
  readonly params: P;
  initIndicators(): I;
  /**
   * Applies one closed bar to the indicator state and decides. `decision` is undefined while the
   * indicators warm up. Must be pure: the same state and bar give the same answer.
   */
  step(indicators: I, bar: StrategyBar): { readonly indicators: I; readonly decision: RuleDecision | undefined };
}

const VIEWS: readonly (SignalDirection | null)[] = ['long', 'flat', 'short', null];

function isViewRuleState(raw: unknown): raw is ViewRuleState<unknown> {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return (
    'indicators' in r &&
    (r.lastBarStart === null || typeof r.lastBarStart === 'number') &&
    VIEWS.includes(r.view as SignalDirection | null)
  );
}

/**
 * Turns a rule into a streaming strategy with the conventions every tradeloop strategy keeps:
 * bars at or before the last one seen are ignored (re-delivery changes nothing), a signal is emitted
 * only when the view changes (the first decided view included), and the state is plain JSON.
 * Signals carry strength 1: these rules say where to be, not how sure they are.
 */
export function viewRuleStrategy<P, I>(rule: ViewRule<P, I>): StreamingStrategy<ViewRuleState<I>> & { readonly params: P } {
  const paramsKey = JSON.stringify(rule.params);
  const onBar = (state: ViewRuleState<I>, bar: StrategyBar): StrategyStep<ViewRuleState<I>> => {
    if (state.lastBarStart !== null && bar.start <= state.lastBarStart) {
      return { kind: 'ignored', state, lastBarStart: state.lastBarStart };
    }
    const { indicators, decision } = rule.step(state.indicators, bar);
    const view = decision === undefined || decision.view === 'hold' ? state.view : decision.view;
    const next: ViewRuleState<I> = { params: state.params, indicators, lastBarStart: bar.start, view };
    if (decision === undefined || decision.view === 'hold' || decision.view === state.view) return { kind: 'applied', state: next };
    const signal: StrategySignal = {
      direction: decision.view,
      strength: 1,
      reason: `${decision.reason}: ${state.view ?? 'warm-up'} → ${decision.view}`,
      barStart: bar.start,
      referencePrice: bar.close,
    };
    return { kind: 'applied', state: next, signal };
  };
  return {
    id: rule.id,
    version: rule.version,
    params: rule.params,
    initialState: () => ({ params: rule.params, indicators: rule.initIndicators(), lastBarStart: null, view: null }),
    restoreState(raw) {
      // State written under other parameters (a changed config under the same id) is not ours.
      if (!isViewRuleState(raw) || JSON.stringify(raw.params) !== paramsKey) return undefined;
      return raw as ViewRuleState<I>;
    },
    onBar,
  };
}

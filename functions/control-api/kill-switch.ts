import type { KillSwitchRequestV1 } from '../../layers/contracts';
import type { Broker, Clock, EventPublisher, KillSwitchState, LimitsStore, OrderIntentQueue, StrategyStateStore } from '../../layers/core/ports';
import { flattenAccount, type FlattenResult } from '../../layers/core/trading/flattenAccount';

/** What POST /kill-switch needs. `orderIntents` and `audit` only for `flatten` (absent: a flatten request answers 503). */
export interface KillSwitchDeps {
  readonly accountId: string;
  readonly clock: Clock;
  readonly limits: LimitsStore;
  readonly events: EventPublisher;
  readonly broker: Pick<Broker, 'positions' | 'ordersSince' | 'cancelOrder'>;
  readonly orderIntents?: OrderIntentQueue;
  readonly audit?: StrategyStateStore;
}

export type KillSwitchAnswer =
  | { readonly kind: 'changed'; readonly body: { readonly accountId: string; readonly killSwitch: KillSwitchState; readonly flatten?: FlattenResult } }
  | { readonly kind: 'unavailable'; readonly message: string };

/**
 * POST /kill-switch. The state is stored first (verify-trade and execute-order read it on every message,
 * so it takes effect even if the event is lost), then kill-switch.changed is published.
 *
 * With `flatten`: an engagement already in force is kept as it is (not re-stamped, not re-published):
 * its time is part of every flatten intent id, so a repeated or retried flatten request derives the
 * same intents for an unchanged position and they become one order each. Then the working broker orders
 * are canceled and the closing intents sent (see flattenAccount). Nothing is changed when flatten is
 * asked for where it is not wired.
 */
export async function changeKillSwitch(request: KillSwitchRequestV1, caller: string, deps: KillSwitchDeps): Promise<KillSwitchAnswer> {
  if (request.flatten === true && (deps.orderIntents === undefined || deps.audit === undefined)) {
    return { kind: 'unavailable', message: 'flatten is not configured in this deployment (no order-intents queue): nothing was changed' };
  }
  const changedAt = await deps.clock.now();
  const current = request.flatten === true ? await deps.limits.killSwitch(deps.accountId) : undefined;
  let state: KillSwitchState;
  if (current?.engaged === true) state = current;
  else {
    state = { engaged: request.action === 'engage', reason: request.reason, actor: caller, changedAt };
    await deps.limits.setKillSwitch(deps.accountId, state);
    await deps.events.publish('kill-switch.changed', { schema: 'KillSwitchChangedV1', accountId: deps.accountId, ...state });
  }
  if (request.flatten !== true || deps.orderIntents === undefined || deps.audit === undefined) return { kind: 'changed', body: { accountId: deps.accountId, killSwitch: state } };
  const flatten = await flattenAccount(
    { clock: deps.clock, broker: deps.broker, limits: deps.limits, intents: deps.orderIntents, audit: deps.audit, config: { accountId: deps.accountId } },
    { engagedAt: state.changedAt, actor: caller, reason: request.reason },
  );
  return { kind: 'changed', body: { accountId: deps.accountId, killSwitch: state, flatten } };
}

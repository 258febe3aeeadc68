import type { DetailType, EventDetail } from '../../../layers/contracts/catalogue';
import { EVENT_CATALOGUE } from '../../../layers/contracts/catalogue';
import { LocalEventBus } from '../../../local/bus';
import type { DashboardSource } from '../../../local/dashboard';

/** 2013-10-07 09:30 New York. */
export const OPEN = Date.UTC(2013, 9, 7, 13, 30);
export const MINUTE = 60_000;

/** A LocalTradeloop-like source: a real bus without rules, and a broker whose state the test sets. */
export class FakeSource implements DashboardSource {
  readonly accountId = 'paper-test';
  clock = OPEN;
  equity = '100000';
  positionList: Record<string, unknown>[] = [];
  orderList: Record<string, unknown>[] = [];
  readonly bus = new LocalEventBus({ rules: [], targets: {}, now: () => this.clock });
  readonly broker = {
    now: () => this.clock,
    account: (): Readonly<Record<string, unknown>> => ({
      id: 'acct-1',
      account_number: 'PA-SECRET-NUMBER',
      status: 'ACTIVE',
      currency: 'USD',
      equity: this.equity,
      cash: '90000',
      buying_power: '180000',
      last_equity: '100000',
    }),
    positions: () => this.positionList,
    orders: () => this.orderList,
  };

  publish<T extends DetailType>(detailType: T, detail: EventDetail<T>): void {
    const result = this.bus.putEvents([{ Source: EVENT_CATALOGUE[detailType].source, DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: this.bus.name }]);
    if (result.FailedEntryCount > 0) throw new Error(`bus refused ${detailType}: ${JSON.stringify(result.Entries)}`);
  }

  routine(at: number): void {
    this.clock = at;
    this.publish('routine.started', { schema: 'RoutineStartedV1', routine: 'intraday', sessionDate: '2013-10-07', at });
  }

  signal(n: number, direction: 'long' | 'flat' | 'short' = 'long'): void {
    this.publish('signal.generated', {
      schema: 'SignalGeneratedV1',
      signalId: `sig-${n}`,
      accountId: this.accountId,
      strategyId: 'sma-crossover-5-20',
      strategyVersion: '1',
      symbol: 'SPY',
      direction,
      strength: 0.5,
      referencePrice: '169.5',
      barStart: OPEN + n * MINUTE,
      generatedAt: OPEN + n * MINUTE + 1000,
      reason: `<b>crossover ${n}</b>`,
    });
  }

  rejection(n: number, checks: readonly { checkId: string; reason: string }[]): void {
    this.publish('order.rejected', {
      schema: 'OrderRejectedV1',
      intentId: `intent-${n}`,
      accountId: this.accountId,
      strategyId: 'sma-crossover-5-20',
      symbol: 'SPY',
      stage: 'verify',
      policyVersion: 1,
      failedChecks: checks.map((c) => ({ ...c, passed: false, measured: '12', limit: '10' })),
      rejectedAt: OPEN + n * MINUTE,
    });
  }

  changeKillSwitch(engaged: boolean, reason: string): void {
    this.publish('kill-switch.changed', { schema: 'KillSwitchChangedV1', accountId: this.accountId, engaged, reason, actor: 'operator', changedAt: this.clock });
  }
}

import type { Account } from './account';
import { decimalText } from './exact';
import type { OrderBook } from './order-book';
import { orderRecord } from './orders';
import type { BacktestBar, BacktestOrder, StrategyContext } from './types';

/**
 * What a function strategy sees. The account fields are decimal work, so they are computed only when the strategy
 * reads them (prototype getters: one small object per bar, no closures).
 */
export class ContextView implements StrategyContext {
  constructor(
    readonly symbol: string,
    readonly bar: BacktestBar,
    readonly index: number,
    readonly random: () => number,
    private readonly account: Account,
    private readonly book: OrderBook,
    private readonly i: number,
  ) {}
  get position(): string {
    return decimalText(this.account.quantity(this.i));
  }
  get cash(): string {
    return decimalText(this.account.cash);
  }
  get equity(): string {
    return decimalText(this.account.equity());
  }
  get openOrders(): readonly BacktestOrder[] {
    return this.book.workingOf(this.i).map(orderRecord);
  }
}


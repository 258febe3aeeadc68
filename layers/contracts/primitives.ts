import { z } from 'zod';

/** An exact decimal number carried as a string ("187.25", "-3", "0.0001"): money and quantities never travel as binary floats. */
export const DecimalString = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,9})?$/, 'expected a decimal string such as "187.25"');

/** A positive exact decimal (quantities, prices, notionals). */
export const PositiveDecimalString = DecimalString.refine((s) => !s.startsWith('-') && /[1-9]/.test(s), 'expected a positive decimal');

/** A US equity or ETF ticker as Alpaca spells it (class shares with a dot, e.g. BRK.B). */
export const Ticker = z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'expected an upper-case ticker such as SPY');

/** UTC epoch milliseconds. */
export const EpochMillis = z.number().int().nonnegative();

/** Trading account identifier (a message group per account on the FIFO queues). */
export const AccountId = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/);

/** Identifier built from letters, digits, '-', '_', ':' and '.' (intent ids, signal ids, strategy ids). */
export const Identifier = z.string().regex(/^[a-zA-Z0-9_.:-]{1,128}$/);

export const OrderSide = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof OrderSide>;

export const OrderType = z.enum(['market', 'limit']);
export type OrderType = z.infer<typeof OrderType>;

export const TimeInForce = z.enum(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls']);
export type TimeInForce = z.infer<typeof TimeInForce>;

export const MarketDataFeed = z.enum(['iex', 'sip', 'delayed_sip']);
export type MarketDataFeed = z.infer<typeof MarketDataFeed>;

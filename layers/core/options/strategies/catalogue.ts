/**
 * The catalogue of structures: each constructor takes a few zod-validated parameters (quotes, expiry in years,
 * quantity of structure units) and returns the legs, with 100 shares per contract. Long structures buy the wings
 * and sell the body; every constructor states its legs in its TSDoc line.
 *
 * Typed constructors throw a ZodError on invalid parameters (a programming error); `buildStrategy` takes untrusted
 * input (CLI, API) and answers with an Outcome carrying the zod reasons.
 */
import { z } from 'zod';
import type { Outcome } from '../types';
import { CONTRACT_MULTIPLIER, LegQuoteSchema, optionLeg, type Strategy, type StrategyLeg, type StructureName } from './legs';

const finite = z.number().finite();
const expiry = finite.positive();
const quantity = z.number().int().positive().default(1);
const side = z.enum(['long', 'short']);

const singleCall = z.strictObject({ expiry, quantity, call: LegQuoteSchema });
const singlePut = z.strictObject({ expiry, quantity, put: LegQuoteSchema });
const withStock = { stockPrice: finite.positive() };

const strictlyIncreasing = (strikes: readonly number[]): boolean => strikes.every((k, i) => i === 0 || k > (strikes[i - 1] ?? Number.NEGATIVE_INFINITY));

const verticalSchema = z
  .strictObject({ expiry, quantity, lower: LegQuoteSchema, upper: LegQuoteSchema })
  .refine((p) => p.lower.strike < p.upper.strike, { message: 'lower.strike must be below upper.strike', path: ['upper', 'strike'] });

export const StraddleParamsSchema = z
  .strictObject({ side, expiry, quantity, call: LegQuoteSchema, put: LegQuoteSchema })
  .refine((p) => p.call.strike === p.put.strike, { message: 'a straddle has one strike: call.strike must equal put.strike', path: ['put', 'strike'] });
export const StrangleParamsSchema = z
  .strictObject({ side, expiry, quantity, call: LegQuoteSchema, put: LegQuoteSchema })
  .refine((p) => p.put.strike < p.call.strike, { message: 'a strangle buys/sells an OTM put below an OTM call: put.strike must be below call.strike', path: ['call', 'strike'] });
export const CondorParamsSchema = z
  .strictObject({ expiry, quantity, lowerPut: LegQuoteSchema, upperPut: LegQuoteSchema, lowerCall: LegQuoteSchema, upperCall: LegQuoteSchema })
  .refine((p) => p.lowerPut.strike < p.upperPut.strike && p.upperPut.strike <= p.lowerCall.strike && p.lowerCall.strike < p.upperCall.strike, {
    message: 'strikes must satisfy lowerPut < upperPut ≤ lowerCall < upperCall',
    path: ['lowerCall', 'strike'],
  });
export const ButterflyParamsSchema = z
  .strictObject({ right: z.enum(['call', 'put']), expiry, quantity, lower: LegQuoteSchema, middle: LegQuoteSchema, upper: LegQuoteSchema })
  .refine((p) => strictlyIncreasing([p.lower.strike, p.middle.strike, p.upper.strike]), { message: 'strikes must satisfy lower < middle < upper', path: ['middle', 'strike'] });
const calendarLeg = z.strictObject({ expiry, premium: finite.nonnegative(), iv: finite.positive().optional() });
export const CalendarParamsSchema = z
  .strictObject({ right: z.enum(['call', 'put']), strike: finite.positive(), quantity, near: calendarLeg, far: calendarLeg })
  .refine((p) => p.near.expiry < p.far.expiry, { message: 'near.expiry must be before far.expiry', path: ['far', 'expiry'] });

export const LongCallParamsSchema = singleCall;
export const LongPutParamsSchema = singlePut;
export const CoveredCallParamsSchema = z.strictObject({ ...withStock, expiry, quantity, call: LegQuoteSchema });
export const ProtectivePutParamsSchema = z.strictObject({ ...withStock, expiry, quantity, put: LegQuoteSchema });
export const VerticalSpreadParamsSchema = verticalSchema;

export type SingleCallParams = z.input<typeof singleCall>;
export type SinglePutParams = z.input<typeof singlePut>;
export type CoveredCallParams = z.input<typeof CoveredCallParamsSchema>;
export type ProtectivePutParams = z.input<typeof ProtectivePutParamsSchema>;
export type VerticalSpreadParams = z.input<typeof verticalSchema>;
export type StraddleParams = z.input<typeof StraddleParamsSchema>;
export type StrangleParams = z.input<typeof StrangleParamsSchema>;
export type CondorParams = z.input<typeof CondorParamsSchema>;
export type ButterflyParams = z.input<typeof ButterflyParamsSchema>;
export type CalendarParams = z.input<typeof CalendarParamsSchema>;

function strategy(structure: StructureName, qty: number, legs: readonly StrategyLeg[]): Strategy {
  return { structure, quantity: qty, legs };
}

/** Long call: +1 call per unit. */
export function longCall(params: SingleCallParams): Strategy {
  const p = singleCall.parse(params);
  return strategy('long-call', p.quantity, [optionLeg('call', p.call, p.expiry, p.quantity)]);
}

/** Long put: +1 put per unit. */
export function longPut(params: SinglePutParams): Strategy {
  const p = singlePut.parse(params);
  return strategy('long-put', p.quantity, [optionLeg('put', p.put, p.expiry, p.quantity)]);
}

/** Naked short call: −1 call per unit (unbounded loss; margin by the CBOE naked-option formula). */
export function shortCall(params: SingleCallParams): Strategy {
  const p = singleCall.parse(params);
  return strategy('short-call', p.quantity, [optionLeg('call', p.call, p.expiry, -p.quantity)]);
}

/** Naked short put in a margin account: −1 put per unit (margin by the CBOE naked-option formula). */
export function shortPut(params: SinglePutParams): Strategy {
  const p = singlePut.parse(params);
  return strategy('short-put', p.quantity, [optionLeg('put', p.put, p.expiry, -p.quantity)]);
}

/** Covered call: +100 shares bought at `stockPrice` and −1 call per unit. */
export function coveredCall(params: CoveredCallParams): Strategy {
  const p = CoveredCallParamsSchema.parse(params);
  return strategy('covered-call', p.quantity, [
    { type: 'stock', quantity: p.quantity * CONTRACT_MULTIPLIER, price: p.stockPrice },
    optionLeg('call', p.call, p.expiry, -p.quantity),
  ]);
}

/** Protective put (married put): +100 shares bought at `stockPrice` and +1 put per unit. */
export function protectivePut(params: ProtectivePutParams): Strategy {
  const p = ProtectivePutParamsSchema.parse(params);
  return strategy('protective-put', p.quantity, [
    { type: 'stock', quantity: p.quantity * CONTRACT_MULTIPLIER, price: p.stockPrice },
    optionLeg('put', p.put, p.expiry, p.quantity),
  ]);
}

/** Cash-secured put: −1 put per unit with the strike × 100 held in cash. */
export function cashSecuredPut(params: SinglePutParams): Strategy {
  const p = singlePut.parse(params);
  return strategy('cash-secured-put', p.quantity, [optionLeg('put', p.put, p.expiry, -p.quantity)]);
}

/** Bull call spread (debit): +1 call at the lower strike, −1 call at the upper strike. */
export function bullCallSpread(params: VerticalSpreadParams): Strategy {
  const p = verticalSchema.parse(params);
  return strategy('bull-call-spread', p.quantity, [optionLeg('call', p.lower, p.expiry, p.quantity), optionLeg('call', p.upper, p.expiry, -p.quantity)]);
}

/** Bear call spread (credit): −1 call at the lower strike, +1 call at the upper strike. */
export function bearCallSpread(params: VerticalSpreadParams): Strategy {
  const p = verticalSchema.parse(params);
  return strategy('bear-call-spread', p.quantity, [optionLeg('call', p.lower, p.expiry, -p.quantity), optionLeg('call', p.upper, p.expiry, p.quantity)]);
}

/** Bull put spread (credit): +1 put at the lower strike, −1 put at the upper strike. */
export function bullPutSpread(params: VerticalSpreadParams): Strategy {
  const p = verticalSchema.parse(params);
  return strategy('bull-put-spread', p.quantity, [optionLeg('put', p.lower, p.expiry, p.quantity), optionLeg('put', p.upper, p.expiry, -p.quantity)]);
}

/** Bear put spread (debit): −1 put at the lower strike, +1 put at the upper strike. */
export function bearPutSpread(params: VerticalSpreadParams): Strategy {
  const p = verticalSchema.parse(params);
  return strategy('bear-put-spread', p.quantity, [optionLeg('put', p.lower, p.expiry, -p.quantity), optionLeg('put', p.upper, p.expiry, p.quantity)]);
}

/** Straddle: ±1 call and ±1 put at one strike (+ for side long, − for side short). */
export function straddle(params: StraddleParams): Strategy {
  const p = StraddleParamsSchema.parse(params);
  const n = p.side === 'long' ? p.quantity : -p.quantity;
  return strategy(p.side === 'long' ? 'long-straddle' : 'short-straddle', p.quantity, [optionLeg('call', p.call, p.expiry, n), optionLeg('put', p.put, p.expiry, n)]);
}

/** Strangle: ±1 put at the lower strike and ±1 call at the upper strike (+ for side long, − for side short). */
export function strangle(params: StrangleParams): Strategy {
  const p = StrangleParamsSchema.parse(params);
  const n = p.side === 'long' ? p.quantity : -p.quantity;
  return strategy(p.side === 'long' ? 'long-strangle' : 'short-strangle', p.quantity, [optionLeg('put', p.put, p.expiry, n), optionLeg('call', p.call, p.expiry, n)]);
}

function condorLegs(p: z.output<typeof CondorParamsSchema>, sign: 1 | -1): StrategyLeg[] {
  const n = p.quantity * sign;
  return [
    optionLeg('put', p.lowerPut, p.expiry, n),
    optionLeg('put', p.upperPut, p.expiry, -n),
    optionLeg('call', p.lowerCall, p.expiry, -n),
    optionLeg('call', p.upperCall, p.expiry, n),
  ];
}

/** Iron condor (credit) = bull put spread + bear call spread: +lowerPut −upperPut −lowerCall +upperCall. */
export function ironCondor(params: CondorParams): Strategy {
  const p = CondorParamsSchema.parse(params);
  return strategy('iron-condor', p.quantity, condorLegs(p, 1));
}

/** Inverse (long) iron condor (debit) = bear put spread + bull call spread: −lowerPut +upperPut +lowerCall −upperCall. */
export function inverseIronCondor(params: CondorParams): Strategy {
  const p = CondorParamsSchema.parse(params);
  return strategy('inverse-iron-condor', p.quantity, condorLegs(p, -1));
}

/** Long butterfly (calls or puts): +1 at the lower strike, −2 at the middle, +1 at the upper. */
export function butterfly(params: ButterflyParams): Strategy {
  const p = ButterflyParamsSchema.parse(params);
  return strategy(p.right === 'call' ? 'call-butterfly' : 'put-butterfly', p.quantity, [
    optionLeg(p.right, p.lower, p.expiry, p.quantity),
    optionLeg(p.right, p.middle, p.expiry, -2 * p.quantity),
    optionLeg(p.right, p.upper, p.expiry, p.quantity),
  ]);
}

/** Long calendar (time) spread, calls or puts: −1 near-expiry option and +1 far-expiry option at one strike. */
export function calendarSpread(params: CalendarParams): Strategy {
  const p = CalendarParamsSchema.parse(params);
  const near = { strike: p.strike, premium: p.near.premium, ...(p.near.iv === undefined ? {} : { iv: p.near.iv }) };
  const far = { strike: p.strike, premium: p.far.premium, ...(p.far.iv === undefined ? {} : { iv: p.far.iv }) };
  return strategy(p.right === 'call' ? 'call-calendar' : 'put-calendar', p.quantity, [
    optionLeg(p.right, near, p.near.expiry, -p.quantity),
    optionLeg(p.right, far, p.far.expiry, p.quantity),
  ]);
}

const tagged = <K extends string, S extends z.ZodType>(kind: K, schema: S) => z.object({ kind: z.literal(kind), params: schema });

/** Untrusted description of a structure: `{ kind, params }`, kind being a constructor name. */
export const StrategySpecSchema = z.discriminatedUnion('kind', [
  tagged('longCall', singleCall),
  tagged('longPut', singlePut),
  tagged('shortCall', singleCall),
  tagged('shortPut', singlePut),
  tagged('coveredCall', CoveredCallParamsSchema),
  tagged('protectivePut', ProtectivePutParamsSchema),
  tagged('cashSecuredPut', singlePut),
  tagged('bullCallSpread', verticalSchema),
  tagged('bearCallSpread', verticalSchema),
  tagged('bullPutSpread', verticalSchema),
  tagged('bearPutSpread', verticalSchema),
  tagged('straddle', StraddleParamsSchema),
  tagged('strangle', StrangleParamsSchema),
  tagged('ironCondor', CondorParamsSchema),
  tagged('inverseIronCondor', CondorParamsSchema),
  tagged('butterfly', ButterflyParamsSchema),
  tagged('calendarSpread', CalendarParamsSchema),
]);
export type StrategySpec = z.input<typeof StrategySpecSchema>;

const BUILDERS: { readonly [K in StrategySpec['kind']]: (params: never) => Strategy } = {
  longCall,
  longPut,
  shortCall,
  shortPut,
  coveredCall,
  protectivePut,
  cashSecuredPut,
  bullCallSpread,
  bearCallSpread,
  bullPutSpread,
  bearPutSpread,
  straddle,
  strangle,
  ironCondor,
  inverseIronCondor,
  butterfly,
  calendarSpread,
};

/** Builds a structure from untrusted input; invalid input is a reason (zod paths and messages), never an exception. */
export function buildStrategy(spec: unknown): Outcome<Strategy> {
  const parsed = StrategySpecSchema.safeParse(spec);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    return { ok: false, reason };
  }
  const build = BUILDERS[parsed.data.kind] as (params: unknown) => Strategy;
  return { ok: true, value: build(parsed.data.params) };
}

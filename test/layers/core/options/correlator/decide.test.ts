import {
  CorrelatorTableSchema,
  DEFAULT_CORRELATOR_TABLE,
  decideStructure,
  ivBucket,
  signalView,
} from '../../../../../layers/core/options/correlator';

const table = DEFAULT_CORRELATOR_TABLE;

describe('correlator decision table', () => {
  it('maps direction and strength to views at the configured thresholds', () => {
    expect(signalView({ direction: 'long', strength: 0.7 }, table).view).toBe('strong-long');
    expect(signalView({ direction: 'long', strength: 0.69 }, table).view).toBe('moderate-long');
    expect(signalView({ direction: 'long', strength: 0.3 }, table).view).toBe('moderate-long');
    expect(signalView({ direction: 'long', strength: 0.29 }, table).view).toBeUndefined();
    expect(signalView({ direction: 'short', strength: 1 }, table).view).toBe('strong-short');
    expect(signalView({ direction: 'short', strength: 0.5 }, table).view).toBe('moderate-short');
    expect(signalView({ direction: 'flat', strength: 0 }, table).view).toBe('neutral');
    expect(signalView({ direction: 'flat', strength: 0, volatilityView: 'expanding' }, table).view).toBe('volatile');
  });

  it('buckets the IV rank; undefined and NaN are unknown', () => {
    expect(ivBucket(0.29, table)).toBe('low');
    expect(ivBucket(0.3, table)).toBe('mid');
    expect(ivBucket(0.5, table)).toBe('high');
    expect(ivBucket(undefined, table)).toBe('unknown');
    expect(ivBucket(Number.NaN, table)).toBe('unknown');
  });

  it.each([
    ['long', 0.9, 0.1, ['long-call', 'bull-call-spread']],
    ['long', 0.9, 0.9, ['covered-call', 'bull-call-spread']],
    ['long', 0.5, 0.9, ['bull-put-spread', 'cash-secured-put']],
    ['long', 0.5, 0.1, ['bull-call-spread']],
    ['short', 0.9, 0.1, ['long-put', 'bear-put-spread']],
    ['short', 0.5, 0.6, ['bear-call-spread']],
    ['flat', 0, 0.1, ['long-straddle']],
    ['flat', 0, 0.9, ['iron-condor']],
    ['flat', 0, 0.4, []],
  ] as const)('%s at %s with IV rank %s → %j (the seed table; high IV sells premium, low buys it)', (direction, strength, rank, expected) => {
    expect(decideStructure({ direction, strength }, rank, table).structures).toEqual(expected);
  });

  it('mirrors buys and sells: every bullish debit/credit choice has its bearish counterpart', () => {
    const mirror: Record<string, string> = { 'long-call': 'long-put', 'bull-call-spread': 'bear-put-spread', 'bull-put-spread': 'bear-call-spread' };
    for (const iv of [0.1, 0.4, 0.9, undefined]) {
      for (const strength of [0.5, 0.9]) {
        const up = decideStructure({ direction: 'long', strength }, iv, table).structures.filter((s) => s in mirror);
        const down = decideStructure({ direction: 'short', strength }, iv, table).structures;
        for (const s of up) expect(down).toContain(mirror[s]);
      }
    }
  });

  it('explains the decision: inputs, bucket thresholds and the row', () => {
    const d = decideStructure({ direction: 'long', strength: 0.8, regime: 'trending' }, 0.12, table, 'from 250 daily ATM IVs');
    expect(d.reason).toContain('long at strength 0.8 ≥ 0.7 (strong)');
    expect(d.reason).toContain('IV rank 0.120 (from 250 daily ATM IVs) → low (low < 0.3, high ≥ 0.5)');
    expect(d.reason).toContain('regime trending');
    expect(d.reason).toContain('row strong-long × low: long-call → bull-call-spread');
    expect(d.row?.rationale).toMatch(/cheap premium/);
  });

  it('unknown IV rank uses the unknown column and says so', () => {
    const d = decideStructure({ direction: 'long', strength: 0.8 }, undefined, table, 'IV history 3 days since 2015-12-23; 52 weeks needed');
    expect(d.ivBucket).toBe('unknown');
    expect(d.structures).toEqual(['bull-call-spread']);
    expect(d.reason).toContain('IV rank unknown (IV history 3 days');
  });

  it('a too-weak signal gives no structure, with the reason', () => {
    const d = decideStructure({ direction: 'short', strength: 0.1 }, 0.9, table);
    expect(d.structures).toEqual([]);
    expect(d.view).toBeUndefined();
    expect(d.reason).toContain('too weak to trade');
  });

  it('rows naming a regime win over the generic row', () => {
    const custom = CorrelatorTableSchema.parse({
      ...table,
      rows: [...table.rows, { view: 'strong-long', iv: 'low', regime: 'high-volatility', structures: ['bull-call-spread'], rationale: 'no naked calls in a volatile regime' }],
    });
    expect(decideStructure({ direction: 'long', strength: 0.9, regime: 'high-volatility' }, 0.1, custom).structures).toEqual(['bull-call-spread']);
    expect(decideStructure({ direction: 'long', strength: 0.9, regime: 'calm' }, 0.1, custom).structures).toEqual(['long-call', 'bull-call-spread']);
  });

  it('validates the table as data: a missing fallback row or crossed thresholds are refused', () => {
    expect(() => CorrelatorTableSchema.parse({ ...table, rows: table.rows.slice(1) })).toThrow(/every view × IV bucket/);
    expect(() => CorrelatorTableSchema.parse({ ...table, ivRankLow: 0.8 })).toThrow(/ivRankLow/);
    expect(() => CorrelatorTableSchema.parse({ ...table, rows: [{ ...table.rows[0], structures: ['short-call'] }, ...table.rows] })).toThrow();
  });
});

import { BacktestRequestV1, backtestAsSweep, SweepSpecV1 } from '../../../layers/contracts';

const base = {
  schema: 'SweepSpecV1',
  strategy: 'sma-crossover',
  parameters: { kind: 'grid', values: { fast: [5, 10], slow: [20, 50] } },
  symbols: ['SPY'],
  period: { from: '2015-01-01', to: '2016-12-31' },
  data: { source: 'shipped' },
} as const;

describe('SweepSpecV1', () => {
  it('fills the stated defaults', () => {
    expect(SweepSpecV1.parse(base)).toEqual({
      ...base,
      data: { source: 'shipped', adjust: 'split-and-dividend' },
      engine: 'vector',
      fill: 'next-open',
      cash: '100000',
      units: 100,
      commission: '0',
      seed: 1,
      shards: 1,
      rankBy: 'sharpe',
    });
  });

  it('refuses more shards than cases, an inverted period, repeated symbols and unknown fields, naming the path', () => {
    const issues = (input: unknown) => SweepSpecV1.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ ...base, shards: 5 })).toEqual(['shards: 5 shards for 4 cases: a shard would be empty']);
    expect(issues({ ...base, period: { from: '2016-01-01', to: '2015-01-01' } })).toEqual(['period.to: from must not be after to']);
    expect(issues({ ...base, symbols: ['SPY', 'SPY'] })).toEqual(['symbols: symbols must be distinct']);
    expect(issues({ ...base, gpu: true })[0]).toMatch(/gpu/);
    expect(issues({ ...base, symbols: ['spy'] })[0]).toMatch(/^symbols.0: expected an upper-case ticker/);
    expect(issues({ ...base, data: { source: 'data-lake', prefix: '../etc/' } })[0]).toMatch(/^data.prefix/);
    expect(issues({ ...base, data: { source: 'data-lake', prefix: 'lean-daily/' } })).toEqual([]);
  });

  it('bounds the number of cases before anything is expanded', () => {
    const values = Object.fromEntries(['a', 'b', 'c'].map((k) => [k, Array.from({ length: 100 }, (_, i) => i)]));
    const result = SweepSpecV1.safeParse({ ...base, parameters: { kind: 'grid', values } });
    expect(result.error?.issues[0]?.message).toMatch(/1000000 cases .* more than 200000/);
  });
});

describe('BacktestRequestV1', () => {
  it('takes a sweep or a single backtest, and a single backtest is a one-set, one-shard sweep', () => {
    const single = BacktestRequestV1.parse({
      schema: 'BacktestSpecV1',
      strategy: 'price-cross-sma',
      params: { period: 20 },
      symbols: ['SPY'],
      period: { from: '2015-01-01', to: '2016-12-31' },
      data: { source: 'shipped', adjust: 'raw' },
      engine: 'event',
    });
    expect(single.schema).toBe('BacktestSpecV1');
    if (single.schema !== 'BacktestSpecV1') return;
    const sweep = backtestAsSweep(single);
    expect(sweep.parameters).toEqual({ kind: 'list', sets: [{ period: 20 }] });
    expect(sweep).toMatchObject({ schema: 'SweepSpecV1', shards: 1, engine: 'event', data: { source: 'shipped', adjust: 'raw' } });
    expect(BacktestRequestV1.safeParse({ ...base, schema: 'SweepSpecV2' }).success).toBe(false);
  });
});

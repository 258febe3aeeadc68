import { OrderIntentV1 } from '../../layers/contracts';
import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

const run = runCli;

type ProposeJson = {
  kind: 'proposed' | 'none';
  decision: { reason: string; ivBucket: string; structures: string[] };
  proposal?: { structure: string; quantity: number; legs: { contractSymbol: string; side: string }[]; limitPrice: number; description: { payoff: { maxLoss: number; breakevens: number[] } }; sizing: { reason: string } };
  intent?: unknown;
  attempts: string[];
};

describe('tradeloop options propose', () => {
  it('proposes a structure on the GOOG 2015-12-24 chain with legs, analysis, size and a valid intent', async () => {
    const { error, stdout } = await run(['options', 'propose', '--symbol', 'GOOG', '--date', '2015-12-24', '--time', '10:00', '--direction', 'long', '--strength', '0.8', '--iv-rank', '0.7', '--equity', '100000', '--risk', '0.02', '--json']);
    expect(error).toBeUndefined();
    const out = JSON.parse(stdout) as ProposeJson;
    expect(out.kind).toBe('proposed');
    expect(out.decision.ivBucket).toBe('high');
    expect(out.decision.structures).toEqual(['covered-call', 'bull-call-spread']);
    expect(out.attempts[0]).toMatch(/covered-call: a covered call needs 100 shares per contract; 0 held/);
    expect(out.proposal?.structure).toBe('bull-call-spread');
    expect(out.proposal?.legs.map((l) => l.side)).toEqual(['buy', 'sell']);
    expect(out.proposal?.description.payoff.maxLoss).toBeLessThanOrEqual(2000);
    const intent = OrderIntentV1.parse(out.intent);
    expect(intent.multiLeg?.legs.map((l) => l.contractSymbol)).toEqual(out.proposal?.legs.map((l) => l.contractSymbol));
  });

  it('prints the decision and the reasons in words, and says when nothing fits', async () => {
    const { error, stdout } = await run(['options', 'propose', '--symbol', 'GOOG', '--date', '2015-12-24', '--direction', 'short', '--strength', '0.9', '--equity', '10000']);
    expect(error).toBeUndefined();
    expect(stdout).toContain('decision: short at strength 0.9 ≥ 0.7 (strong); IV rank unknown (no 52-week IV history ships with the data)');
    expect(stdout).toMatch(/no proposal: bear-put-spread: budget 200.00 \(0.02 of equity 10000\) cannot afford one unit/);
  });

  it('rejects bad arguments with exit code 2', async () => {
    for (const args of [
      ['--symbol', 'GOOG', '--date', '2015-12-24', '--direction', 'up', '--strength', '0.5'],
      ['--symbol', 'GOOG', '--date', '2015-12-24', '--direction', 'long', '--strength', '1.5'],
      ['--symbol', 'GOOG', '--date', '2015-12-25', '--direction', 'long', '--strength', '0.5'],
      ['--symbol', 'GOOG', '--date', '2015-12-24', '--direction', 'long'],
      ['--symbol', 'IBM', '--date', '2015-12-24', '--direction', 'long', '--strength', '0.5'],
    ]) {
      const { error } = await run(['options', 'propose', ...args]);
      expect(exitCodeFor(error)).toBe(2);
    }
  });
});

import { progressBar } from '../../bin/cli/progress-bar';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 100, write: (c: string) => (chunks.push(c), true) } };
}

describe('progressBar', () => {
  it('draws nothing when the stream is not a terminal', () => {
    const { chunks, stream } = fakeStream(false);
    const bar = progressBar(stream, 'backtest');
    bar.update(5, 10);
    bar.finish();
    expect(chunks).toEqual([]);
  });
  it('redraws at most every interval, always draws completion, and clears its line', () => {
    const { chunks, stream } = fakeStream(true);
    let t = 0;
    const bar = progressBar(stream, 'backtest', () => t, 100);
    bar.update(1, 4);
    t = 50;
    bar.update(2, 4); // too soon: skipped
    t = 200;
    bar.update(4, 4);
    bar.finish();
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatch(/^\rbacktest \[#+\.+\]  25% /);
    expect(chunks[1]).toMatch(/100%/);
    expect(chunks[2]).toBe('\r\u001b[K');
  });
});

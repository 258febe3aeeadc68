import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The real entry point in a child process (two spawns, about a second each): exit codes and stderr. */
const ROOT = join(__dirname, '../..');
const tradeloop = (...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['bin/tradeloop.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

describe('tradeloop process', () => {
  it('exits 0 on --help with the usage on stdout', () => {
    const result = tradeloop('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: tradeloop');
    expect(result.stdout).toContain('calendar');
  });

  it('exits 2 on a bad ticker and names it on stderr', () => {
    const result = tradeloop('run', '--symbols', 'spy,@@');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"@@" is not a valid ticker');
  });
});

import { CommanderError } from 'commander';
import { exitCodeFor } from '../../bin/cli/program';
import { allCommands, capturedProgram, parseError } from './support';

describe('tradeloop CLI: help', () => {
  it('has --help on the program and on every command and subcommand, naming each of its options', async () => {
    const commands = allCommands(capturedProgram().program);
    expect(commands.map((c) => c.path.join(' '))).toEqual(
      expect.arrayContaining(['run', 'status', 'positions', 'orders', 'strategies', 'limits', 'limits get', 'limits set', 'kill-switch', 'calendar']),
    );
    for (const { path } of [{ path: [] as readonly string[] }, ...commands]) {
      const { program, out } = capturedProgram();
      const error = await parseError(program, [...path, '--help']);
      expect(error).toBeInstanceOf(CommanderError);
      expect(exitCodeFor(error)).toBe(0);
      const help = out.join('');
      expect(help).toContain(`Usage: tradeloop${path.length > 0 ? ` ${path.join(' ')}` : ''}`);
      const target = path.reduce((cmd, name) => cmd.commands.find((c) => c.name() === name) ?? cmd, program);
      for (const option of target.options) expect(help).toContain(option.long ?? option.flags);
      for (const sub of target.commands) expect(help).toContain(sub.name());
    }
  });
});

describe('tradeloop CLI: bad arguments exit with code 2', () => {
  const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
    ['a bad ticker in --symbols', ['run', '--symbols', 'SPY,@@'], /"@@" is not a valid ticker/],
    ['a bad date', ['run', '--from', '2013-02-30'], /not a date in the form YYYY-MM-DD/],
    ['a bad speed', ['run', '--speed', 'fast'], /not a speed/],
    ['bad cash', ['run', '--cash', '-5'], /not a positive dollar amount/],
    ['a bad port', ['run', '--port', '70000'], /not a TCP port/],
    ['an unknown command', ['trade'], /unknown command 'trade'/],
    ['a missing required option on kill-switch', ['kill-switch', '--action', 'engage'], /required option '--reason <text>' not specified/],
    ['a missing --action on kill-switch', ['kill-switch', '--reason', 'r'], /required option '--action <action>' not specified/],
    ['an invalid --action choice', ['kill-switch', '--action', 'pause', '--reason', 'r'], /Allowed choices are engage, release/],
    ['an invalid --log-level choice', ['run', '--log-level', 'LOUD'], /Allowed choices are DEBUG/],
    ['an unknown option', ['status', '--verbose'], /unknown option '--verbose'/],
    ['a bad calendar --days', ['calendar', '--days', 'ten'], /not a number of days/],
    ['a bad calendar --from', ['calendar', '--from', '24-01-02'], /not a date in the form YYYY-MM-DD/],
  ];
  it.each(cases)('%s', async (_what, args, message) => {
    const { program, err } = capturedProgram();
    const error = await parseError(program, args);
    expect(error).toBeInstanceOf(CommanderError);
    expect(exitCodeFor(error)).toBe(2);
    expect(err.join('')).toMatch(message);
  });

  it('maps run-time failures to 1 and help to 0', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(1);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
  });
});

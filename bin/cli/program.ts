import { Command, CommanderError, Option } from 'commander';
import { registerApiCommands } from './api-commands';
import { registerCalendarCommand } from './calendar-command';
import { registerBacktestCommand } from './backtest-command';
import { registerBacktestsCommand } from './backtests-command';
import { registerDataCommand } from './data-command';
import { registerDiscoverCommand } from './discover-command';
import { registerDiscoveryCommand } from './discovery-command';
import { registerIndicatorsCommand } from './indicators-command';
import { registerOptionsCommand } from './options-command';
import { registerRegimeCommand } from './regime-command';
import { registerRiskCheckCommand } from './risk-check-command';
import { registerRiskCommand } from './risk-metrics-command';
import { registerRiskReportCommand } from './risk-report-command';
import { registerTrainCommand } from './train-command';
import { UsageError } from './usage-error';
import { parseDollars, parsePort, parseSessionDate, parseSpeed, parseSymbols } from './options';
import { runCommand } from './run-command';

export const DEFAULT_REPLAY = {
  symbols: ['SPY', 'IBM', 'BAC', 'AIG'],
  from: '2013-10-07',
  to: '2013-10-11',
} as const;

/** Builds the `tradeloop` CLI; every command has --help, machine-readable --json, and validated options. */
export function buildProgram(): Command {
  const program = new Command('tradeloop')
    .description('tradeloop: serverless algorithmic trading on AWS, runnable offline on embedded stand-ins')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('run')
    .description(
      'Run the trading system locally: stand-in DynamoDB/SQS/S3, event bus, paper broker, control API; with --replay, replay real minute bars through the whole pipeline',
    )
    .option('--replay', 'replay historical minute bars from data/ through the paper broker', false)
    .option('--symbols <list>', 'comma-separated watchlist', parseSymbols, [...DEFAULT_REPLAY.symbols])
    .option('--from <date>', 'first session date (YYYY-MM-DD, New York)', parseSessionDate, DEFAULT_REPLAY.from)
    .option('--to <date>', 'last session date (YYYY-MM-DD, New York)', parseSessionDate, DEFAULT_REPLAY.to)
    .option('--speed <speed>', 'replay speed: max, real, or a multiple such as 60x', parseSpeed, parseSpeed('max'))
    .option('--cash <usd>', 'starting cash of the paper account', parseDollars, '100000')
    .option('--json', 'print one JSON summary and exit when the replay ends', false)
    .option('--exit', 'exit when the replay ends (default: keep the API and broker up until Ctrl-C, unless --json)', false)
    .option('--port <port>', 'control API port on 127.0.0.1 (0 picks a free one)', parsePort, 8787)
    .option('--dashboard-port <port>', 'dashboard page port on 127.0.0.1 (0 picks a free one)', parsePort, 8788)
    .addOption(new Option('--log-level <level>', 'handler log level').choices(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('ERROR'))
    .action(async (options) => {
      await runCommand(options);
    });

  registerApiCommands(program);
  registerCalendarCommand(program);
  registerIndicatorsCommand(program);
  registerBacktestCommand(program);
  registerBacktestsCommand(program);
  registerDiscoveryCommand(program);
  registerDataCommand(program);
  registerOptionsCommand(program);
  registerRiskCommand(program);
  registerRiskCheckCommand(program);
  registerRiskReportCommand(program);
  registerTrainCommand(program);
  registerDiscoverCommand(program);
  registerRegimeCommand(program);
  return program;
}

/** 0 for help/version, 2 for usage errors, 1 for anything that failed at run time. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  return 1;
}

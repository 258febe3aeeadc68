import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { BacktestRequestV1, BacktestRunId, BacktestRunResponseV1 } from '../../layers/contracts';
import { callApi, withApiOptions, type ApiOptions } from './api-client';
import { printResult } from './output';
import { UsageError } from './usage-error';

function parseRunId(value: string): string {
  if (!BacktestRunId.safeParse(value).success) throw new InvalidArgumentError(`"${value}" is not a backtest run id such as bt-0123456789abcdef01234567`);
  return value;
}

/** Reads and validates a spec file here, so a bad spec is a usage error naming the field before any call. */
function readSpec(path: string): BacktestRequestV1 {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the spec ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = BacktestRequestV1.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(`bad spec ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `tradeloop backtests submit|get`: the control API's backtest runs (Batch in AWS, a child process locally). */
export function registerBacktestsCommand(program: Command): void {
  const backtests = program.command('backtests').description('Submit backtest sweeps to a running tradeloop and follow them (POST /backtests, GET /backtests/{id})');
  withApiOptions(
    backtests
      .command('submit')
      .description('Submit a SweepSpecV1 or BacktestSpecV1 JSON file (see batch-jobs/backtest-sweep/examples); a repeat with the same key is the same run')
      .requiredOption('--spec <file.json>', 'the spec')
      .option('--idempotency-key <key>', 'makes a retried submit return the same run (default: the spec itself is the key)'),
  ).action(async (options: ApiOptions & { spec: string; idempotencyKey?: string }) => {
    const spec = readSpec(options.spec);
    const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey };
    printResult(await callApi(options, 'POST', '/backtests', spec, headers), options.json);
  });
  withApiOptions(
    backtests
      .command('get')
      .description('Status, progress and the ranked summary of a run')
      .argument('<id>', 'run id (bt-…)', parseRunId)
      .option('--wait', 'poll every 2 s until the run succeeds or fails', false),
  ).action(async (id: string, options: ApiOptions & { wait: boolean }) => {
    for (;;) {
      const run = BacktestRunResponseV1.parse(await callApi(options, 'GET', `/backtests/${id}`));
      if (!options.wait || run.status === 'succeeded' || run.status === 'failed') {
        printResult(run, options.json);
        if (run.status === 'failed') process.exitCode = 1;
        return;
      }
      await sleep(2000);
    }
  });
}

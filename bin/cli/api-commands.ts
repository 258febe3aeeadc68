import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { KillSwitchRequestV1, PutLimitsRequestV1, StrategiesResponseV1 } from '../../layers/contracts';
import { callApi, withApiOptions, type ApiOptions } from './api-client';
import { printResult } from './output';
import { formatStrategies } from './strategies-output';

export function registerApiCommands(program: Command): void {
  const getters = [
    ['status', '/status', 'Show account, kill switch, pipeline counters and health'],
    ['positions', '/positions', 'List positions as last reconciled from the broker'],
    ['orders', '/orders', 'List recent orders with their broker status'],
  ] as const;
  for (const [name, path, description] of getters) {
    withApiOptions(program.command(name).description(description)).action(async (options: ApiOptions) => {
      printResult(await callApi(options, 'GET', path), options.json);
    });
  }

  withApiOptions(
    program.command('strategies').description('Show what the live loop trades: the active strategy set (or the default), live hit rates, and the ML models per symbol with held-out and live accuracy'),
  ).action(async (options: ApiOptions) => {
    const raw = await callApi(options, 'GET', '/strategies');
    const parsed = StrategiesResponseV1.safeParse(raw);
    // --json passes the answer through; an older API without the new fields is still printed, generically.
    if (options.json || !parsed.success) printResult(raw, options.json);
    else process.stdout.write(`${formatStrategies(parsed.data)}\n`);
  });

  const limits = program.command('limits').description('Read or change the versioned risk limits policy');
  withApiOptions(limits.command('get').description('Show the current risk limits and their version')).action(async (options: ApiOptions) => {
    printResult(await callApi(options, 'GET', '/limits'), options.json);
  });
  withApiOptions(
    limits
      .command('set')
      .description('Store a new version of the risk limits from a JSON file (RiskLimitsV1)')
      .requiredOption('--file <path>', 'JSON file with the RiskLimitsV1 body')
      .requiredOption('--expected-version <n>', 'the version you read (optimistic concurrency)', (v) => Number(v))
      .requiredOption('--reason <text>', 'why the limits change (audited)'),
  ).action(async (options: ApiOptions & { file: string; expectedVersion: number; reason: string }) => {
    const body = PutLimitsRequestV1.parse({
      limits: JSON.parse(readFileSync(options.file, 'utf8')),
      expectedVersion: options.expectedVersion,
      reason: options.reason,
    });
    printResult(await callApi(options, 'PUT', '/limits', body), options.json);
  });

  withApiOptions(
    program
      .command('kill-switch')
      .description('Engage or release the kill switch (stops every new order within one invocation)')
      .addOption(new Option('--action <action>', 'engage or release').choices(['engage', 'release']).makeOptionMandatory())
      .requiredOption('--reason <text>', 'why (audited; required for release too)')
      .option('--flatten', 'with engage: also cancel working broker orders and close every equity position through the pipeline (repeat-safe)'),
  ).action(async (options: ApiOptions & { action: string; reason: string; flatten?: boolean }) => {
    const body = KillSwitchRequestV1.parse({ action: options.action, reason: options.reason, ...(options.flatten === true ? { flatten: true } : {}) });
    printResult(await callApi(options, 'POST', '/kill-switch', body), options.json);
  });
}

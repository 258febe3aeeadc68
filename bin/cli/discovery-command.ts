import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DiscoveryRunId, DiscoveryRunResponseV1, DiscoverySpecV1 } from '../../layers/contracts';
import { callApi, withApiOptions, type ApiOptions } from './api-client';
import { printResult } from './output';
import { UsageError } from './usage-error';

function parseRunId(value: string): string {
  if (!DiscoveryRunId.safeParse(value).success) throw new InvalidArgumentError(`"${value}" is not a discovery run id such as dr-0123456789abcdef01234567`);
  return value;
}

/** Reads and validates a spec file here, so a bad spec is a usage error naming the field before any call. */
function readSpec(path: string): DiscoverySpecV1 {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the spec ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = DiscoverySpecV1.safeParse(raw);
  if (!parsed.success) throw new UsageError(`bad spec ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `tradeloop discovery submit|get`: the control API's discovery runs (a Batch chain in AWS, a child process locally). */
export function registerDiscoveryCommand(program: Command): void {
  const discovery = program.command('discovery').description('Submit strategy discovery runs to a running tradeloop and follow them (POST /discovery, GET /discovery/{id})');
  withApiOptions(
    discovery
      .command('submit')
      .description('Submit a DiscoverySpecV1 JSON file (see batch-jobs/strategy-discovery/examples); a repeat with the same key is the same run')
      .requiredOption('--spec <file.json>', 'the spec')
      .option('--idempotency-key <key>', 'makes a retried submit return the same run (default: the spec itself is the key)'),
  ).action(async (options: ApiOptions & { spec: string; idempotencyKey?: string }) => {
    const spec = readSpec(options.spec);
    const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey };
    printResult(await callApi(options, 'POST', '/discovery', spec, headers), options.json);
  });
  withApiOptions(
    discovery
      .command('get')
      .description('Status, progress (rounds, shard files) and the summary of a run (trials, PBO, promoted, best finalist)')
      .argument('<id>', 'run id (dr-…)', parseRunId)
      .option('--wait', 'poll every 2 s until the run succeeds or fails', false),
  ).action(async (id: string, options: ApiOptions & { wait: boolean }) => {
    for (;;) {
      const run = DiscoveryRunResponseV1.parse(await callApi(options, 'GET', `/discovery/${id}`));
      if (!options.wait || run.status === 'succeeded' || run.status === 'failed') {
        printResult(run, options.json);
        if (run.status === 'failed') process.exitCode = 1;
        return;
      }
      await sleep(2000);
    }
  });
}

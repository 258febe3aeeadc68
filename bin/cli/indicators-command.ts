import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadDailyCsv } from '../../layers/adapters/files/daily-csv-loader';
import { INDICATORS } from '../../layers/core/indicators';
import type { IndicatorName } from '../../layers/core/indicators';
import { DailyCsvError } from '../../layers/core/market/csv';
import { UsageError } from './usage-error';

interface IndicatorsOptions {
  readonly input?: string;
  readonly indicator?: string;
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly list: boolean;
  readonly json: boolean;
}

/** Parses "period=14,k=2" into numbers and booleans; the indicator's own schema then validates them. */
export function parseIndicatorParams(value: string): Readonly<Record<string, number | boolean>> {
  const out: Record<string, number | boolean> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(pair);
    const key = match?.[1];
    const raw = match?.[2];
    if (key === undefined || raw === undefined) throw new InvalidArgumentError(`"${pair}" is not key=value (e.g. period=14)`);
    if (raw === 'true' || raw === 'false') out[key] = raw === 'true';
    else if (Number.isFinite(Number(raw))) out[key] = Number(raw);
    else throw new InvalidArgumentError(`"${pair}": the value must be a number or true/false`);
  }
  return out;
}

function isIndicatorName(name: string): name is IndicatorName {
  return Object.hasOwn(INDICATORS, name);
}

/** `tradeloop indicators`: one indicator over a plain daily CSV, so published reference values can be reproduced. */
export function registerIndicatorsCommand(program: Command): void {
  program
    .command('indicators')
    .description('Compute an indicator over a plain Date,Open,High,Low,Close,Volume CSV (or --list the indicators)')
    .option('--input <csv>', 'daily CSV file: Date,Open,High,Low,Close,Volume[,...]')
    .option('--indicator <name>', 'indicator name (see --list)')
    .option('--params <k=v,...>', 'indicator parameters, e.g. period=14', parseIndicatorParams, {})
    .option('--list', 'list the indicators with their parameters and outputs', false)
    .option('--json', 'machine-readable output', false)
    .action(async (options: IndicatorsOptions) => {
      if (options.list) {
        const list = Object.entries(INDICATORS).map(([name, entry]) => ({ name, input: entry.input, outputs: entry.outputs, description: entry.description }));
        if (options.json) process.stdout.write(`${JSON.stringify(list)}\n`);
        else for (const i of list) process.stdout.write(`${i.name.padEnd(12)} ${i.outputs.join(',').padEnd(28)} ${i.description}\n`);
        return;
      }
      if (options.input === undefined || options.indicator === undefined) throw new UsageError('--input and --indicator are required (or use --list)');
      if (!isIndicatorName(options.indicator)) {
        throw new UsageError(`unknown indicator "${options.indicator}"; known: ${Object.keys(INDICATORS).join(', ')}`);
      }
      const entry = INDICATORS[options.indicator];
      const params = entry.params.safeParse(options.params);
      if (!params.success) {
        throw new UsageError(`bad --params for ${options.indicator}: ${params.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`);
      }
      const bars = await loadDailyCsv(options.input).then(
        (result) => result.bars,
        (error: unknown) => {
          throw error instanceof DailyCsvError ? new UsageError(error.message) : error;
        },
      );
      const column = (pick: (b: (typeof bars)[number]) => number) => Float64Array.from(bars, pick);
      const outputs = entry.batch(
        { high: column((b) => b.high), low: column((b) => b.low), close: column((b) => b.close), volume: column((b) => b.volume) },
        params.data,
      );
      const rows = bars.map((bar, i) => {
        const row: Record<string, string | number | null> = { date: bar.date };
        for (const name of entry.outputs) {
          const value = outputs[name]?.[i] ?? Number.NaN;
          row[name] = Number.isFinite(value) ? value : null; // null until the indicator is stable
        }
        return row;
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ indicator: options.indicator, params: params.data, outputs: entry.outputs, rows })}\n`);
        return;
      }
      process.stdout.write(`date        ${entry.outputs.map((o) => o.padStart(14)).join(' ')}\n`);
      for (const row of rows) {
        const cells = entry.outputs.map((o) => {
          const v = row[o];
          return (typeof v === 'number' ? v.toFixed(6) : '').padStart(14);
        });
        process.stdout.write(`${String(row['date'])}  ${cells.join(' ')}\n`);
      }
    });
}

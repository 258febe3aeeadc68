import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { DateTime } from 'luxon';
import { startLocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import type { ReplaySummary } from '../../local/runtime/replay';
import { CONNECTION_FILE, saveConnection } from './connection';
import type { ReplaySpeed } from './options';

export interface RunOptions {
  readonly replay: boolean;
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly speed: ReplaySpeed;
  readonly cash: string;
  readonly json: boolean;
  readonly exit: boolean;
  readonly port: number;
  readonly dashboardPort: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** `tradeloop run`: the embedded default; with --replay, a real week of minute bars through the pipeline. */
export async function runCommand(options: RunOptions): Promise<void> {
  if (options.from > options.to) throw new Error(`--from ${options.from} is after --to ${options.to}`);
  const say = (line: string): void => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };
  say('starting stand-ins (DynamoDB, SQS/S3, EventBridge, Secrets Manager), the paper broker and the control API…');
  const tradeloop = await startLocalTradeloop({
    symbols: options.symbols,
    fromDate: options.from,
    toDate: options.to,
    startingCash: options.cash,
    apiPort: options.port,
    dashboardPort: options.dashboardPort,
  }).catch((error: unknown) => {
    throw explainStartFailure(error);
  });
  const connectionPath = saveConnection({ apiUrl: tradeloop.apiUrl, token: tradeloop.apiToken, pid: process.pid });

  // Ctrl-C at any point: the replay stops at the next step, then everything shuts down in order.
  // A second Ctrl-C while shutting down exits at once.
  const interrupted = new AbortController();
  const onSignal = (): void => {
    if (interrupted.signal.aborted) process.exit(130);
    interrupted.abort(); // listeners first: the progress bar clears its line
    say('stopping…');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    say(`control API: ${tradeloop.apiUrl} (operator token in ${connectionPath})`);
    say(`dashboard: ${tradeloop.dashboardUrl}`);
    say(`paper broker: ${tradeloop.broker.baseUrl}`);
    if (options.replay) {
      const summary = await replayWithProgress(tradeloop, options, interrupted.signal);
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else printSummary(summary);
    }
    if (!options.json && !options.exit && !interrupted.signal.aborted) {
      say('\nthe control API and the paper broker stay up: try `npx tradeloop status` in another terminal. Ctrl-C stops.');
      await new Promise<void>((resolve) => interrupted.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
  } finally {
    await tradeloop.stop();
    rmSync(join(process.cwd(), CONNECTION_FILE), { force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function replayWithProgress(
  tradeloop: Awaited<ReturnType<typeof startLocalTradeloop>>,
  options: RunOptions,
  signal: AbortSignal,
): Promise<ReplaySummary> {
  const showBar = !options.json && process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: 'replay |{bar}| {percentage}% | {marketTime} | bars {bars} | orders {orders}',
    stream: process.stderr,
    hideCursor: true,
  });
  let lastLine = 0;
  if (showBar) {
    bar.start(1, 0, { marketTime: '', bars: 0, orders: 0 });
    signal.addEventListener('abort', () => bar.stop(), { once: true });
  }
  const range = { from: options.from, to: options.to, symbols: options.symbols, signal };
  const summary = await runReplay(tradeloop, range, options.speed, (p) => {
    const marketTime = DateTime.fromMillis(p.marketTime, { zone: 'America/New_York' }).toFormat('yyyy-LL-dd HH:mm');
    if (showBar) {
      bar.setTotal(p.steps);
      bar.update(p.step, { marketTime, bars: p.bars, orders: p.orders });
    } else if (!options.json && Date.now() - lastLine > 5000) {
      // Not a terminal (CI, a pipe): a plain progress line every few seconds instead of a bar.
      lastLine = Date.now();
      process.stderr.write(`replay ${Math.round((100 * p.step) / p.steps)}% ${marketTime} bars ${p.bars} orders ${p.orders}\n`);
    }
  });
  if (showBar) bar.stop();
  return summary;
}

function printSummary(s: ReplaySummary): void {
  const lines = [
    '',
    `${s.completed ? 'replayed' : 'interrupted after'} ${s.sessionsReplayed} sessions ${s.from}..${s.to} for ${s.symbols.join(', ')} in ${s.wallSeconds} s`,
    `  bars ${s.bars} → signals ${s.signals} → intents ${s.intents} → approved ${s.approved}, rejected ${s.rejections}`,
    `  rejections by check: ${Object.entries(s.rejectionsByCheck).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `  broker orders ${s.orders} (fills ${s.fills}; ${Object.entries(s.ordersByStatus).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `  duplicate orders ${s.duplicateOrders}, dead letters ${s.deadLetters}, failed invocations ${s.failedInvocations}`,
    `  equity ${s.startingCash} → ${s.finalEquity} (cash ${s.finalCash}, ${s.openPositions} open positions)`,
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** A port already taken is the one start failure a user can fix by themselves: say how. */
function explainStartFailure(error: unknown): unknown {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new Error(`${error.message}: another tradeloop (or another program) uses that port; stop it, or pick others with --port and --dashboard-port (0 = any free port)`);
  }
  return error;
}

import type { FunctionEnvV1 } from '../../contracts';
import { nyseCalendar } from '../../core/market';
import type { TradingCalendar } from '../../core/market';
import type { Clock } from '../../core/ports';
import { createAlpacaAdapters, SystemClock } from '../alpaca';
import type { AlpacaAdapters } from '../alpaca';
import { createAwsAdapters } from '../aws';
import type { AwsAdapters } from '../aws';
import { loadFunctionConfig } from '../config';

/**
 * The composition root every handler shares: adapters built once per container (Lambda cold start)
 * from the validated environment. Alpaca is built lazily because it needs a Secrets Manager read
 * that functions without a broker (market-calendar) should not pay for.
 */
export interface Container {
  readonly config: FunctionEnvV1;
  readonly aws: AwsAdapters;
  readonly calendar: TradingCalendar;
  alpaca(): Promise<AlpacaAdapters>;
  /** The configured clock: the system clock in AWS, the broker's market clock in the local replay. */
  clock(): Promise<Clock>;
}

let cached: Container | undefined;
const systemClock = new SystemClock();

/** The container of this process, built on first use (bad configuration fails here, at init). */
export function container(): Container {
  // A copy: the loader caches per env object, and the local runtime changes process.env between runs.
  cached ??= buildContainer(loadFunctionConfig({ ...process.env }));
  return cached;
}

/** Forgets the container so the next call re-reads the environment (the local runtime and tests use it). */
export function resetContainer(): void {
  cached = undefined;
}

export function buildContainer(config: FunctionEnvV1): Container {
  let alpaca: Promise<AlpacaAdapters> | undefined;
  const loadAlpaca = (): Promise<AlpacaAdapters> => {
    alpaca ??= createAlpacaAdapters(config).catch((error: unknown) => {
      alpaca = undefined; // a failed secret read is retried by the next invocation, not cached
      throw error;
    });
    return alpaca;
  };
  return {
    config,
    aws: createAwsAdapters(config),
    calendar: nyseCalendar(),
    alpaca: loadAlpaca,
    async clock() {
      return config.TRADELOOP_CLOCK === 'system' ? systemClock : (await loadAlpaca()).clock;
    },
  };
}

/**
 * In Lambda, build the container during the init phase: a bad configuration then fails the cold
 * start (the function never takes an event with it), and the Alpaca secret is fetched while Lambda
 * initialises instead of on the first event. A failed secret read is not cached: the first
 * invocation tries again. The local runtime sets its environment after importing the handlers, so
 * there the container is built on the first invocation instead.
 */
if (process.env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined && process.env['TRADELOOP_ACCOUNT_ID'] !== undefined) {
  void container()
    .alpaca()
    .catch(() => undefined);
}

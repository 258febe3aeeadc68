import type { FunctionName } from '../../layers/contracts/wiring';
import { FUNCTIONS } from '../../layers/contracts/wiring';
import type { LambdaHandler } from './context';
import { createLambdaContext } from './context';
import { Semaphore } from './semaphore';

/** Thrown when a handler runs past its timeout, with Lambda's message. */
export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

export interface LocalFunctionOptions {
  readonly name: FunctionName | string;
  readonly handler: LambdaHandler;
  /** Defaults to FUNCTIONS[name] memory. */
  readonly memoryMb?: number;
  /** Defaults to FUNCTIONS[name].timeoutSeconds × 1000. */
  readonly timeoutMs?: number;
  /** Concurrent executions; defaults to FUNCTIONS[name].reservedConcurrency (unlimited when unset). */
  readonly maxConcurrency?: number;
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * One deployed function: a handler plus the limits Lambda enforces on it (timeout, reserved concurrency).
 * `invoke` is one synchronous attempt (RequestResponse); retries belong to the invocation type.
 */
export class LocalFunction {
  readonly name: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  private readonly handler: LambdaHandler;
  private readonly slots: Semaphore | undefined;
  private readonly region: string | undefined;
  private readonly accountId: string | undefined;

  constructor(options: LocalFunctionOptions) {
    const spec = Object.hasOwn(FUNCTIONS, options.name) ? FUNCTIONS[options.name as FunctionName] : undefined;
    this.name = options.name;
    this.handler = options.handler;
    this.memoryMb = options.memoryMb ?? spec?.memoryMb ?? 128;
    this.timeoutMs = options.timeoutMs ?? (spec?.timeoutSeconds ?? 3) * 1000;
    const concurrency = options.maxConcurrency ?? spec?.reservedConcurrency;
    // Reserved concurrency 1 serialises the function (market-events, reconcile), as in Lambda.
    this.slots = concurrency === undefined ? undefined : new Semaphore(concurrency);
    this.region = options.region;
    this.accountId = options.accountId;
  }

  /** Runs the handler once with a fresh context; rejects with the handler's error or a {@link LambdaTimeoutError}. */
  async invoke<TResult = unknown>(event: unknown, awsRequestId?: string): Promise<TResult> {
    const release = this.slots ? await this.slots.acquire() : undefined;
    try {
      const context = createLambdaContext({
        functionName: this.name,
        memoryMb: this.memoryMb,
        timeoutMs: this.timeoutMs,
        ...(awsRequestId ? { awsRequestId } : {}),
        ...(this.region ? { region: this.region } : {}),
        ...(this.accountId ? { accountId: this.accountId } : {}),
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LambdaTimeoutError(`Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds`)),
          this.timeoutMs,
        );
      });
      try {
        return (await Promise.race([Promise.resolve().then(() => this.handler(event, context)), timeout])) as TResult;
      } finally {
        clearTimeout(timer);
      }
    } finally {
      release?.();
    }
  }
}

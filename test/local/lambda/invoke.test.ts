import type { Context } from 'aws-lambda';
import { createLambdaContext } from '../../../local/lambda/context';
import { LambdaTimeoutError, LocalFunction } from '../../../local/lambda/invoke';

describe('createLambdaContext', () => {
  it('fills the Lambda context and counts the remaining time down from the deadline', () => {
    let now = 1_000;
    const context = createLambdaContext({ functionName: 'signal-engine', memoryMb: 512, timeoutMs: 30_000, awsRequestId: 'req-1', now: () => now });
    expect(context).toMatchObject({
      functionName: 'signal-engine',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      awsRequestId: 'req-1',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:signal-engine',
      logGroupName: '/aws/lambda/signal-engine',
    });
    expect(context.getRemainingTimeInMillis()).toBe(30_000);
    now += 29_000;
    expect(context.getRemainingTimeInMillis()).toBe(1_000);
    now += 5_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });
});

describe('LocalFunction', () => {
  it('passes the event and a context, and returns the result', async () => {
    const seen: Context[] = [];
    const fn = new LocalFunction({
      name: 'control-api',
      handler: async (event, context) => {
        seen.push(context);
        return { echoed: event };
      },
    });
    await expect(fn.invoke({ a: 1 }, 'rid')).resolves.toEqual({ echoed: { a: 1 } });
    expect(seen[0]?.awsRequestId).toBe('rid');
    expect(seen[0]?.memoryLimitInMB).toBe('512'); // from FUNCTIONS['control-api']
    expect(fn.timeoutMs).toBe(15_000);
  });

  it('times out with Lambda’s message', async () => {
    const fn = new LocalFunction({ name: 'slow', timeoutMs: 30, handler: () => new Promise((resolve) => setTimeout(resolve, 500)) });
    await expect(fn.invoke({})).rejects.toThrow(LambdaTimeoutError);
    await expect(fn.invoke({})).rejects.toThrow('Task timed out after 0.03 seconds');
  });

  it('turns a synchronous throw into a rejection', async () => {
    const fn = new LocalFunction({ name: 'x', handler: () => { throw new Error('boom'); } });
    await expect(fn.invoke({})).rejects.toThrow('boom');
  });

  it('honours reserved concurrency (reconcile runs one at a time)', async () => {
    let running = 0;
    let peak = 0;
    const handler = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
    };
    const serial = new LocalFunction({ name: 'reconcile', handler });
    await Promise.all([1, 2, 3, 4].map(() => serial.invoke({})));
    expect(peak).toBe(1);
    peak = 0;
    const parallel = new LocalFunction({ name: 'signal-engine', handler });
    await Promise.all([1, 2, 3, 4].map(() => parallel.invoke({})));
    expect(peak).toBe(4);
  });
});

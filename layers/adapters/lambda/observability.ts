import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

/**
 * Powertools logger, metrics and tracer for one function. Service name, namespace and log level come
 * from POWERTOOLS_* variables that CDK sets (and the local runtime mirrors); the intent id is the
 * correlation id of everything an order touches.
 */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export function createObservability(serviceName: string): Observability {
  const logger = new Logger({ serviceName });
  return {
    logger,
    metrics: new Metrics({ serviceName, namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'Tradeloop' }),
    tracer: new Tracer({ serviceName }),
  };
}

/**
 * The Powertools middlewares every handler uses: Lambda context and cold start in each log line (keys
 * reset per invocation, so one intent's correlation id never leaks into the next) and an X-Ray segment
 * around the handler. Metrics are emitted as single EMF records where they happen (emitMetric), so
 * no end-of-invocation flush is needed (logMetrics would warn on every invocation without one).
 */
export function powertoolsMiddlewares(observability: Observability): MiddlewareObj[] {
  return [
    injectLambdaContext(observability.logger, { resetKeys: true }),
    captureLambdaHandler(observability.tracer),
  ];
}

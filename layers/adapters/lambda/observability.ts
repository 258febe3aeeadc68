import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

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
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ serviceName, namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'Tradeloop' }),
    tracer: new Tracer({ serviceName }),
  };
}

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

const loggers = new Set<Logger>();

export function createObservability(serviceName: string): Observability {
  const logger = new Logger({ serviceName });
  loggers.add(logger);
  return {
    logger,
    metrics: new Metrics({ serviceName, namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'Tradeloop' }),
    tracer: new Tracer({ serviceName }),
  };
}

type LogLevel = Parameters<Logger['setLogLevel']>[0];

/**
 * Sets the level of every logger created so far. The local runtime uses it: there all handlers share one
 * process and were loaded before the runtime knew the level the operator asked for.
 */
export function setLogLevelOfAllLoggers(level: LogLevel): void {
  for (const logger of loggers) logger.setLogLevel(level);
}

import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_DIMENSIONS } from '../../contracts/metrics';
import type { MetricName } from '../../contracts/metrics';

/**
 * Emits one custom metric with the account dimension (plus any extra, e.g. CheckId) as its own EMF
 * record, so dimensions never leak between metrics of one invocation.
 */
export function emitMetric(
  metrics: Metrics,
  name: MetricName,
  value: number,
  accountId: string,
  extraDimensions: Readonly<Record<string, string>> = {},
  unit: (typeof MetricUnit)[keyof typeof MetricUnit] = MetricUnit.Count,
): void {
  const single = metrics.singleMetric();
  single.addDimension(METRIC_DIMENSIONS.account, accountId);
  for (const [key, dimension] of Object.entries(extraDimensions)) single.addDimension(key, dimension);
  single.addMetric(name, unit, value);
}

import { startStandins, standinEnvironment } from '../../local/standins';

/**
 * Starts dynalite and fauxqs once for the whole Jest run and exports their endpoints through
 * the environment, which the AWS SDK v3 clients read by themselves. Tests create their own
 * uniquely prefixed tables and queues (see local/provision.ts), so they never share state.
 */
export default async function globalSetup(): Promise<void> {
  // Node 20 is supported by the SDK until early 2027 (README says 22+ works too); the notice only clutters test output.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  // Handlers log through Powertools; tests assert on behaviour, not on log lines.
  process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
  process.env['POWERTOOLS_TRACE_ENABLED'] = 'false';
  const standins = await startStandins();
  Object.assign(process.env, standinEnvironment(standins));
  (globalThis as { __TRADELOOP_STANDINS__?: { stop(): Promise<void> } }).__TRADELOOP_STANDINS__ = standins;
}

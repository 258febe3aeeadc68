import { startStandins, standinEnvironment } from '../../local/standins';

/**
 * Starts dynalite and fauxqs once for the whole Jest run and exports their endpoints through
 * the environment, which the AWS SDK v3 clients read by themselves. Tests create their own
 * uniquely prefixed tables and queues (see local/provision.ts), so they never share state.
 */
export default async function globalSetup(): Promise<void> {
  const standins = await startStandins();
  Object.assign(process.env, standinEnvironment(standins));
  (globalThis as { __TRADELOOP_STANDINS__?: { stop(): Promise<void> } }).__TRADELOOP_STANDINS__ = standins;
}

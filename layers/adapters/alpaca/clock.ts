import type { Clock } from '../../core/ports';
import type { AlpacaClients } from './clients';
import { withBackoff, type BackoffOptions } from './backoff';

/** The Lambda's own clock. */
export class SystemClock implements Clock {
  async now(): Promise<number> {
    return Date.now();
  }
}

/**
 * The broker's market clock (`GET /v2/clock` timestamp). The local replay moves the paper
 * broker's clock through historical sessions, so everything reading this clock sees replay time.
 */
export class BrokerClock implements Clock {
  constructor(
    private readonly clients: Pick<AlpacaClients, 'clock'>,
    private readonly backoff: BackoffOptions = { maxAttempts: 3 },
  ) {}

  async now(): Promise<number> {
    const clock = await withBackoff('clock', () => this.clients.clock.legacyClock(), this.backoff);
    const ms = clock.timestamp.getTime();
    if (!Number.isFinite(ms)) throw new Error('alpaca clock returned an invalid timestamp');
    return ms;
  }
}

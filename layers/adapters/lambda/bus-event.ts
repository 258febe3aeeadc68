import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { EVENT_CATALOGUE } from '../../contracts';
import type { DetailType, EventDetail } from '../../contracts';
import { TerminalError } from './errors';

const Envelope = z.object({
  'detail-type': z.string(),
  source: z.string(),
  id: z.string(),
  time: z.string(),
  detail: z.unknown(),
});

/** An EventBridge event whose detail passed its catalogue schema. */
export interface BusEvent<T extends DetailType> {
  readonly id: string;
  readonly detailType: T;
  readonly detail: EventDetail<T>;
}

/**
 * Validates an EventBridge event against the catalogue: the detail-type must be one this function
 * subscribes to and the detail must parse. A bad event throws (zod or TerminalError); after the
 * async retries Lambda parks it in the function's DLQ with the error message as the reason.
 */
export function parseBusEvent<T extends DetailType>(event: EventBridgeEvent<string, unknown>, accepted: readonly T[]): BusEvent<T> {
  const envelope = Envelope.parse(event);
  const detailType = envelope['detail-type'];
  if (!accepted.includes(detailType as T)) {
    throw new TerminalError(`unexpected detail-type "${detailType}" (accepted: ${accepted.join(', ')})`);
  }
  const entry = EVENT_CATALOGUE[detailType as T];
  if (envelope.source !== entry.source) {
    throw new TerminalError(`detail-type "${detailType}" must come from ${entry.source}, not ${envelope.source}`);
  }
  return { id: envelope.id, detailType: detailType as T, detail: entry.schema.parse(envelope.detail) as EventDetail<T> };
}

import type { LocalEventBus, PutEventsEntry } from '../bus/event-bus';
import { PutEventsValidationError } from '../bus/event-bus';
import type { LocalEndpoint } from './json-protocol-server';
import { AwsJsonError, startJsonProtocolServer } from './json-protocol-server';

export interface EventBridgeEndpointOptions {
  readonly bus: Pick<LocalEventBus, 'putEvents'>;
  readonly port?: number;
}

/**
 * EventBridge's PutEvents on loopback, so handlers using the real `@aws-sdk/client-eventbridge` publish to the
 * local bus via AWS_ENDPOINT_URL_EVENTBRIDGE.
 */
export function startEventBridgeEndpoint(options: EventBridgeEndpointOptions): Promise<LocalEndpoint> {
  return startJsonProtocolServer(
    'AWSEvents',
    {
      PutEvents: (input) => {
        const entries = input.Entries;
        if (!Array.isArray(entries)) throw new AwsJsonError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
        try {
          return options.bus.putEvents(entries.map(toEntry));
        } catch (error) {
          if (error instanceof PutEventsValidationError) throw new AwsJsonError('ValidationException', error.message);
          throw error;
        }
      },
    },
    options.port,
  );
}

/** The wire entry → the bus's entry. The JSON protocol sends timestamps as epoch seconds. */
function toEntry(raw: unknown): PutEventsEntry {
  const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof entry[key] === 'string' ? (entry[key] as string) : undefined);
  const time = entry.Time;
  const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((r): r is string => typeof r === 'string') : undefined;
  return {
    ...(text('Source') === undefined ? {} : { Source: text('Source') }),
    ...(text('DetailType') === undefined ? {} : { DetailType: text('DetailType') }),
    ...(text('Detail') === undefined ? {} : { Detail: text('Detail') }),
    ...(text('EventBusName') === undefined ? {} : { EventBusName: text('EventBusName') }),
    ...(typeof time === 'number' ? { Time: new Date(time * 1000) } : typeof time === 'string' ? { Time: new Date(time) } : {}),
    ...(resources ? { Resources: resources } : {}),
  };
}

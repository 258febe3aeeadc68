import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EVENT_CATALOGUE, type DetailType, type EventDetail } from '../../contracts';
import { ExternalServiceError, type EventPublisher } from '../../core/ports';
import { createEventBridgeClient } from './clients';

export interface EventBridgePublisherOptions {
  /** The bus name (FunctionEnvV1.TRADELOOP_EVENT_BUS). */
  readonly eventBusName: string;
  readonly client?: EventBridgeClient;
}

/**
 * Publishes catalogue events to EventBridge. Source and detail-type come from the catalogue and the
 * detail is validated against its schema before sending, so no consumer ever sees a malformed event.
 */
export class EventBridgePublisher implements EventPublisher {
  private readonly client: EventBridgeClient;

  constructor(private readonly options: EventBridgePublisherOptions) {
    this.client = options.client ?? createEventBridgeClient();
  }

  async publish<T extends DetailType>(detailType: T, detail: EventDetail<T>): Promise<void> {
    const entry = EVENT_CATALOGUE[detailType];
    const parsed: unknown = entry.schema.parse(detail);
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.options.eventBusName,
            Source: entry.source,
            DetailType: detailType,
            Detail: JSON.stringify(parsed),
          },
        ],
      }),
    );
    // PutEvents answers 200 even when entries fail (throttling, internal errors): check the count.
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failed = result.Entries?.find((e) => e.ErrorCode);
      throw new ExternalServiceError(
        `PutEvents failed for ${detailType}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim(),
        true,
        'eventbridge',
      );
    }
  }
}

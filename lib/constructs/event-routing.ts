import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_CATALOGUE } from '../../layers/contracts/catalogue';
import { EVENT_BUS_NAME, RULES, type EventPattern, type FunctionName, type RuleSpec } from '../../layers/contracts/wiring';

/** Retries EventBridge makes to deliver an event to a function before it goes to the DLQ. */
export const RULE_TARGET_RETRY_ATTEMPTS = 4;
/** Older events are not worth delivering: a bar or routine minutes late is acted on by the next one. */
export const RULE_TARGET_MAX_EVENT_AGE = Duration.minutes(15);

/**
 * The wiring's patterns use EventBridge's JSON keys ('detail-type'); CDK's EventPattern type spells
 * the top-level fields in camelCase and renders them back, so map the known keys one to one.
 */
export function toCdkEventPattern(pattern: EventPattern): events.EventPattern {
  const keyMap: Readonly<Record<string, keyof events.EventPattern>> = {
    source: 'source',
    'detail-type': 'detailType',
    detail: 'detail',
    account: 'account',
    region: 'region',
    resources: 'resources',
    time: 'time',
    version: 'version',
    id: 'id',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    const cdkKey = keyMap[key];
    if (cdkKey === undefined) throw new Error(`unsupported top-level event pattern field: ${key}`);
    out[cdkKey] = value;
  }
  return out as events.EventPattern;
}

export interface EventRoutingProps {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  /** Receives events EventBridge could not deliver to a target. */
  readonly deliveryFailureQueue: sqs.IQueue;
  /** Days the bus archive keeps events for replay. */
  readonly archiveRetentionDays?: number;
}

/**
 * The tradeloop event bus and one rule per RULES entry, each targeting the function the wiring
 * names, with a bounded retry policy and a DLQ. All events are archived so a day can be replayed.
 */
export class EventRouting extends Construct {
  readonly bus: events.EventBus;
  readonly rules: Readonly<Record<string, events.Rule>>;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: EVENT_BUS_NAME });
    const sources = [...new Set(Object.values(EVENT_CATALOGUE).map((e) => e.source))];
    this.bus.archive('Archive', {
      description: 'Every tradeloop event, for replaying a session',
      eventPattern: { source: sources },
      retention: Duration.days(props.archiveRetentionDays ?? 30),
    });
    const entries = RULES.map((spec) => [spec.name, this.createRule(spec, props)] as const);
    this.rules = Object.fromEntries(entries);
  }

  private createRule(spec: RuleSpec, props: EventRoutingProps): events.Rule {
    return new events.Rule(this, spec.name, {
      eventBus: this.bus,
      description: spec.description,
      eventPattern: toCdkEventPattern(spec.eventPattern),
      targets: [
        new targets.LambdaFunction(props.functions[spec.target], {
          retryAttempts: RULE_TARGET_RETRY_ATTEMPTS,
          maxEventAge: RULE_TARGET_MAX_EVENT_AGE,
          deadLetterQueue: props.deliveryFailureQueue,
        }),
      ],
    });
  }
}

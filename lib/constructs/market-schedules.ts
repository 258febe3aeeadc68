import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULES, scheduledRoutineInput, type FunctionName, type ScheduleSpec } from '../../layers/contracts/wiring';

/** Scheduler retries of a failed invocation; a routine more than a couple of minutes late is skipped. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;
export const SCHEDULE_MAX_EVENT_AGE = Duration.minutes(2);

export interface MarketSchedulesProps {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  /** Receives invocations Scheduler could not deliver. */
  readonly deliveryFailureQueue: sqs.IQueue;
}

/**
 * One EventBridge Scheduler schedule per SCHEDULES entry, evaluated in New York time (so the
 * routines follow daylight saving), invoking the wiring's target with `ScheduledRoutineV1`.
 */
export class MarketSchedules extends Construct {
  readonly schedules: Readonly<Record<string, scheduler.Schedule>>;
  /** The role Scheduler assumes to invoke the targets and write to the DLQ (targets add their grants). */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MarketSchedulesProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invokes the market routine targets',
    });
    const entries = SCHEDULES.map((spec) => [spec.name, this.createSchedule(spec, props)] as const);
    this.schedules = Object.fromEntries(entries);
  }

  private createSchedule(spec: ScheduleSpec, props: MarketSchedulesProps): scheduler.Schedule {
    return new scheduler.Schedule(this, spec.name, {
      description: `Market routine "${spec.routine}" (${spec.cron} ${spec.timezone})`,
      schedule: scheduler.ScheduleExpression.expression(spec.cron, TimeZone.of(spec.timezone)),
      target: new LambdaInvoke(props.functions[spec.target], {
        input: scheduler.ScheduleTargetInput.fromObject(scheduledRoutineInput(spec)),
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: SCHEDULE_MAX_EVENT_AGE,
        deadLetterQueue: props.deliveryFailureQueue,
        role: this.role,
      }),
    });
  }
}

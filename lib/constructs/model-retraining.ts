import { Duration } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_CATALOGUE } from '../../layers/contracts/catalogue';
import { TRAINING_DATA_SOURCE } from './gpu-batch-jobs';

/**
 * Calendar days of history a drift-triggered retrain learns from (the nightly job uses 730): the recent
 * regime the champion drifted away from, and a different training window, so a different content-addressed
 * version than the night's own challenger (an identical run would find its version decided and do nothing).
 * 548 days leave about 300 labelled rows, above the job's 200-row floor.
 */
export const DRIFT_RETRAIN_LOOKBACK_DAYS = 548;

export interface ModelRetrainingProps {
  readonly bus: events.IEventBus;
  readonly jobQueue: batch.IJobQueue;
  readonly trainingJob: batch.IJobDefinition;
  /** The training job's role: it publishes model.trained, model.promoted and drift.detected on the bus. */
  readonly trainingRole: iam.IRole;
  /** Receives retrain submissions EventBridge could not deliver (alarmed with the other failure queues). */
  readonly deliveryFailureQueue: sqs.IQueue;
}

/**
 * "Drift triggers retraining" (issue 7): an EventBridge rule on drift.detected submits the
 * ensemble-training Batch job for the drifted symbol (job parameters `symbols`, `asOf`
 * previous-session and a recent `lookbackDays`). The job's promotion test then decides, like every
 * night, whether the retrained model replaces the champion; nothing is promoted by the drift itself.
 */
export class ModelRetraining extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ModelRetrainingProps) {
    super(scope, id);
    const drift = EVENT_CATALOGUE['drift.detected'];
    this.rule = new events.Rule(this, 'DriftRetrains', {
      eventBus: props.bus,
      description: 'A drifted champion (drift.detected) gets a retraining job for its symbol on the recent window',
      eventPattern: { source: [drift.source], detailType: ['drift.detected'] },
      targets: [
        new targets.BatchJob(props.jobQueue.jobQueueArn, props.jobQueue, props.trainingJob.jobDefinitionArn, props.trainingJob, {
          jobName: 'drift-retraining',
          // For a Batch target the input becomes SubmitJob's Parameters (Ref:: substitution in the job's command).
          event: events.RuleTargetInput.fromObject({
            asOf: 'previous-session',
            symbols: events.EventField.fromPath('$.detail.symbol'),
            lookbackDays: String(DRIFT_RETRAIN_LOOKBACK_DAYS),
            // The recent window is only in Alpaca's history (the shipped files end in 2021).
            dataSource: TRAINING_DATA_SOURCE,
          }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: props.deliveryFailureQueue,
        }),
      ],
    });
    props.bus.grantPutEventsTo(props.trainingRole);
  }
}

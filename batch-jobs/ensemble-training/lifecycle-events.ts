import { z } from 'zod';
import type { DriftDetectedV1, ModelPromotedV1, ModelTrainedV1 } from '../../layers/contracts';
import { EventBridgePublisher } from '../../layers/adapters/aws/events';
import type { EventPublisher } from '../../layers/core/ports';
import type { DriftReport, PromotionDecision, RetrainRequestV1 } from '../../layers/core/ml/lifecycle';

/** What one symbol's training run produced, as far as the lifecycle events need it. */
export interface TrainedSymbol {
  readonly symbol: string;
  readonly modelId: string;
  readonly version: string;
  readonly registered: 'registered' | 'exists';
  /** Absent when the version had been registered and decided before (a retried job): nothing is published. */
  readonly skipped?: string;
  readonly trained?: { readonly trainedThrough: string; readonly holdoutHitRate: number | null; readonly baselineHitRate: number | null };
  readonly decision?: PromotionDecision;
  readonly drift?: DriftReport;
  readonly retrain?: RetrainRequestV1;
}

export type LifecycleEvent =
  | { readonly detailType: 'model.trained'; readonly detail: ModelTrainedV1 }
  | { readonly detailType: 'model.promoted'; readonly detail: ModelPromotedV1 }
  | { readonly detailType: 'drift.detected'; readonly detail: DriftDetectedV1 };

const rate = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.min(1, Math.max(0, v)));

/**
 * The events one symbol's run announces: model.trained for a version this run trained and decided,
 * model.promoted when it became champion, drift.detected when the champion it was judged against
 * drifted (the retrain request). Event ids are deterministic, so a retried job's events are the same
 * events to consumers; a run that changed nothing (skipped) announces nothing.
 */
export function lifecycleEvents(outcome: TrainedSymbol, asOf: string, at: number): LifecycleEvent[] {
  if (outcome.skipped !== undefined || outcome.trained === undefined) return [];
  const { modelId, symbol, version } = outcome;
  const events: LifecycleEvent[] = [
    {
      detailType: 'model.trained',
      detail: {
        schema: 'ModelTrainedV1',
        eventId: `${modelId}:${version}`,
        modelId,
        symbol,
        version,
        registered: outcome.registered,
        trainedThrough: outcome.trained.trainedThrough,
        holdoutHitRate: rate(outcome.trained.holdoutHitRate),
        baselineHitRate: rate(outcome.trained.baselineHitRate),
        trainedAt: at,
      },
    },
  ];
  const decision = outcome.decision;
  if (decision?.promote === true) {
    events.push({
      detailType: 'model.promoted',
      detail: {
        schema: 'ModelPromotedV1',
        eventId: `${modelId}:${version}`,
        modelId,
        symbol,
        version,
        previousChampion: decision.incumbent.kind === 'champion' ? decision.incumbent.version : null,
        reason: decision.reason.slice(0, 1000),
        pValue: rate(decision.test.pValue),
        decidedAt: at,
      },
    });
  }
  const champion = outcome.retrain?.championVersion;
  if (outcome.retrain !== undefined && outcome.drift !== undefined && champion !== undefined) {
    events.push({
      detailType: 'drift.detected',
      detail: {
        schema: 'DriftDetectedV1',
        eventId: `${modelId}:${champion}:${asOf}`,
        modelId,
        symbol,
        championVersion: champion,
        asOf,
        reasons: outcome.retrain.reasons.slice(0, 100).map((r) => r.slice(0, 500)),
        maxPsi: Number.isFinite(outcome.drift.maxPsi) ? Math.max(0, outcome.drift.maxPsi) : 0,
        liveHitRate: rate(outcome.drift.hitRate?.rate),
        detectedAt: at,
      },
    });
  }
  return events;
}

/** The job's bus: TRADELOOP_EVENT_BUS when the CDK app set it (absent locally and in tests: no events). */
export function lifecyclePublisher(env: Readonly<Record<string, string | undefined>>): EventPublisher | undefined {
  const bus = z.string().min(1).optional().parse(env['TRADELOOP_EVENT_BUS']);
  return bus === undefined ? undefined : new EventBridgePublisher({ eventBusName: bus });
}

/** Publishes a run's events in order (trained, then promoted, then drift); the publisher validates each. */
export async function publishLifecycleEvents(publisher: EventPublisher, events: readonly LifecycleEvent[]): Promise<void> {
  for (const e of events) {
    if (e.detailType === 'model.trained') await publisher.publish('model.trained', e.detail);
    else if (e.detailType === 'model.promoted') await publisher.publish('model.promoted', e.detail);
    else await publisher.publish('drift.detected', e.detail);
  }
}

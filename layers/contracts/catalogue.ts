import type { z } from 'zod';
import {
  BarClosedV1,
  DriftDetectedV1,
  KillSwitchChangedV1,
  ModelPromotedV1,
  ModelTrainedV1,
  OrderRejectedV1,
  OrderSubmittedV1,
  OrderUpdatedV1,
  OptionsStrategyProposedV1,
  RegimeChangedV1,
  RoutineStartedV1,
  SignalGeneratedV1,
} from './events';

/**
 * The event catalogue: every EventBridge event tradeloop publishes, with its source,
 * detail-type and detail schema. Publishers and the local bus validate against it.
 */
export const EVENT_CATALOGUE = {
  'routine.started': { source: 'tradeloop.calendar', schema: RoutineStartedV1 },
  'bar.closed': { source: 'tradeloop.market', schema: BarClosedV1 },
  'signal.generated': { source: 'tradeloop.signals', schema: SignalGeneratedV1 },
  'order.rejected': { source: 'tradeloop.risk', schema: OrderRejectedV1 },
  'order.submitted': { source: 'tradeloop.execution', schema: OrderSubmittedV1 },
  'order.updated': { source: 'tradeloop.execution', schema: OrderUpdatedV1 },
  'kill-switch.changed': { source: 'tradeloop.control', schema: KillSwitchChangedV1 },
  'options.strategy.proposed': { source: 'tradeloop.options', schema: OptionsStrategyProposedV1 },
  'regime.changed': { source: 'tradeloop.regime', schema: RegimeChangedV1 },
  'model.trained': { source: 'tradeloop.models', schema: ModelTrainedV1 },
  'model.promoted': { source: 'tradeloop.models', schema: ModelPromotedV1 },
  'drift.detected': { source: 'tradeloop.models', schema: DriftDetectedV1 },
} as const;

export type DetailType = keyof typeof EVENT_CATALOGUE;
export type EventDetail<T extends DetailType> = z.infer<(typeof EVENT_CATALOGUE)[T]['schema']>;

export const DETAIL_TYPES = Object.keys(EVENT_CATALOGUE) as DetailType[];

/** Parses an event's detail against the catalogue entry for its detail-type. */
export function parseEventDetail<T extends DetailType>(detailType: T, detail: unknown): EventDetail<T> {
  return EVENT_CATALOGUE[detailType].schema.parse(detail) as EventDetail<T>;
}

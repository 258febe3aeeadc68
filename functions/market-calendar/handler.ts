import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ScheduledRoutineV1 } from '../../layers/contracts';
import { createObservability, powertoolsMiddlewares } from '../../layers/adapters/lambda/observability';
import { container } from '../../layers/adapters/runtime/container';
import { scheduledRoutine } from '../../layers/core/trading';
import type { RoutineDecision } from '../../layers/core/trading';

const observability = createObservability('market-calendar');
const { logger } = observability;

/**
 * Invoked by EventBridge Scheduler with a ScheduledRoutineV1 input (pre-market, open, every session
 * minute, close, nightly in New York time). Consults the NYSE calendar and announces the routine
 * (routine.started) only on trading days and inside the session, so closed days do nothing.
 */
export async function runScheduledRoutine(input: unknown): Promise<RoutineDecision> {
  const { routine } = ScheduledRoutineV1.parse(input);
  const deps = container();
  const now = await (await deps.clock()).now();
  const decision = scheduledRoutine(deps.calendar, routine, now);
  if (decision.kind === 'started') {
    await deps.aws.events.publish('routine.started', decision.event);
  } else {
    logger.debug('routine skipped', { routine, reason: decision.reason });
  }
  return decision;
}

export const handler = middy<unknown, RoutineDecision, Error, Context>()
  .use(powertoolsMiddlewares(observability))
  .handler(async (event) => runScheduledRoutine(event));

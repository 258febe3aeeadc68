// Must stay the first import: it configures Powertools before the handler modules construct their loggers.
import './powertools-defaults';
import type { FunctionName } from '../../layers/contracts';
import { handler as controlApi } from '../../functions/control-api/handler';
import { handler as executeOrder } from '../../functions/execute-order/handler';
import { handler as marketCalendar } from '../../functions/market-calendar/handler';
import { handler as marketEvents } from '../../functions/market-events/handler';
import { handler as optionsCorrelator } from '../../functions/options-correlator/handler';
import { handler as reconcile } from '../../functions/reconcile/handler';
import { handler as regimeDetector } from '../../functions/regime-detector/handler';
import { handler as riskReport } from '../../functions/risk-report/handler';
import { handler as signalEngine } from '../../functions/signal-engine/handler';
import { handler as strategySelector } from '../../functions/strategy-selector/handler';
import { handler as verifyTrade } from '../../functions/verify-trade/handler';
import type { LambdaHandler } from '../lambda';

/** The deployed handlers, unmodified: the same modules CDK bundles (FUNCTIONS[name].entry). */
export const HANDLERS: Readonly<Record<FunctionName, LambdaHandler>> = {
  'market-calendar': marketCalendar as LambdaHandler,
  'market-events': marketEvents as LambdaHandler,
  'signal-engine': signalEngine as LambdaHandler,
  'verify-trade': verifyTrade as LambdaHandler,
  'execute-order': executeOrder as LambdaHandler,
  reconcile: reconcile as LambdaHandler,
  'control-api': controlApi as LambdaHandler,
  'options-correlator': optionsCorrelator as LambdaHandler,
  'regime-detector': regimeDetector as LambdaHandler,
  'risk-report': riskReport as LambdaHandler,
  'strategy-selector': strategySelector as LambdaHandler,
};

/**
 * Chaos for the idempotency proof: every delivery happens twice (an SQS redelivery, a retried event).
 * The second delivery's answer is the one returned, as it would be after a redelivery.
 */
export function deliveredTwice(handler: LambdaHandler): LambdaHandler {
  return async (event, context) => {
    await handler(event, context);
    return handler(event, context);
  };
}

import { ProtectionPolicyV1, ProtectPositionRequestV1, Ticker, type RiskLimitsV1 } from '../../layers/contracts';
import type { ProtectPositionOutcome, ProtectPositionRequest } from '../../layers/core/trading/proposePositionProtection';

/** What POST /positions/{symbol}/protect needs; built by the handler. */
export interface ProtectionRouteDeps {
  /** The account's protection settings from its current risk policy (absent: ProtectionPolicyV1's defaults). */
  readonly policy: () => Promise<RiskLimitsV1['protection']>;
  /** Runs the protectPosition use case (broker position, chain, selection, options.strategy.proposed). */
  readonly run: (request: ProtectPositionRequest) => Promise<ProtectPositionOutcome>;
}

export type ProtectionAnswer =
  | { readonly kind: 'proposed'; readonly outcome: Extract<ProtectPositionOutcome, { kind: 'proposed' }> }
  | { readonly kind: 'none'; readonly outcome: Extract<ProtectPositionOutcome, { kind: 'none' }> };

/**
 * POST /positions/{symbol}/protect: a protective put or collar for the held long position, published as
 * options.strategy.proposed (purpose `protection`) and returned; never submitted. The body (zod, strict) may
 * narrow the shares and override the policy's selection settings for this request; a ZodError (bad symbol or
 * body) becomes 400 in the router. Works whether or not the policy's automatic protection is enabled: an
 * operator asking is the "on request" path.
 */
export async function postProtection(symbol: string, body: unknown, deps: ProtectionRouteDeps): Promise<ProtectionAnswer> {
  const ticker = Ticker.parse(symbol);
  const request = ProtectPositionRequestV1.parse(body ?? {});
  const policy = (await deps.policy()) ?? ProtectionPolicyV1.parse({});
  // A delta asked for replaces the policy's %-OTM rule for that leg (and the other way round).
  const put = request.putDelta !== undefined || request.floorPctOtm !== undefined ? { putDelta: request.putDelta ?? policy.putDelta, floorPctOtm: request.floorPctOtm } : { putDelta: policy.putDelta, floorPctOtm: policy.floorPctOtm };
  const call = request.callDelta !== undefined || request.capPctOtm !== undefined ? { callDelta: request.callDelta ?? policy.callDelta, capPctOtm: request.capPctOtm } : { callDelta: policy.callDelta, capPctOtm: policy.capPctOtm };
  const outcome = await deps.run({
    symbol: ticker,
    ...(request.shares === undefined ? {} : { shares: request.shares }),
    trigger: 'request',
    settings: {
      structure: request.structure ?? policy.structure,
      putDelta: put.putDelta,
      ...(put.floorPctOtm === undefined ? {} : { floorPctOtm: put.floorPctOtm }),
      callDelta: call.callDelta,
      ...(call.capPctOtm === undefined ? {} : { capPctOtm: call.capPctOtm }),
      dte: request.dte ?? policy.dte,
      maxPremiumPct: request.maxPremiumPct ?? policy.maxPremiumPct,
    },
  });
  return outcome.kind === 'proposed' ? { kind: 'proposed', outcome } : { kind: 'none', outcome };
}

/** 201 with the published proposal; 422 with the reason (and what each expiry lacked) when nothing fits. */
export function protectionResponse(answer: ProtectionAnswer): { readonly statusCode: number; readonly body: unknown } {
  if (answer.kind === 'proposed') return { statusCode: 201, body: { proposal: answer.outcome.event, selection: answer.outcome.proposal } };
  return { statusCode: 422, body: { error: 'NoProtection', message: answer.outcome.reason, attempts: answer.outcome.attempts } };
}

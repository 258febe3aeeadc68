import type { LiveHitRateV1, ModelVersionSummaryV1, StrategiesResponseV1 } from '../../layers/contracts';

const pct = (f: number | null | undefined): string => (f === null || f === undefined ? 'n/a' : `${(100 * f).toFixed(1)} %`);

/** "3/4 = 75.0 % (last 100 scored calls …)", or "not scored yet" with no trial: a rate of nothing is not 0 %. */
export function formatHitRate(h: LiveHitRateV1 | null): string {
  if (h === null) return 'not scored (no daily bars to score the forecasts with)';
  if (h.trials === 0) return `not scored yet (${h.window})`;
  return `${h.hits}/${h.trials} = ${pct(h.rate)} (${h.window})`;
}

type Metric = ModelVersionSummaryV1['holdout']['accuracy'];
const metric = (m: Metric): string => (m === null || m.estimate === null ? 'n/a' : `${m.estimate.toFixed(3)}${m.lower !== null && m.upper !== null ? ` [${m.lower.toFixed(3)}, ${m.upper.toFixed(3)}]` : ''}`);

function modelVersion(role: string, v: ModelVersionSummaryV1): string[] {
  if (!v.manifestFound) return [`  ${role} ${v.version}: no manifest in the registry (metrics unknown)`, `    live hit rate ${formatHitRate(v.liveHitRate)}; forecasts ${v.forecasts.recorded} recorded, ${v.forecasts.pending} undecided`];
  const h = v.holdout;
  return [
    `  ${role} ${v.version} (trained through ${v.trainedThrough ?? 'n/a'})`,
    `    held-out ${h.from ?? '?'}..${h.to ?? '?'} (${h.rows ?? '?'} rows): accuracy ${metric(h.accuracy)} vs always-up ${metric(h.baselineAccuracy)}, AUC ${metric(h.auc)}`,
    `    live hit rate ${formatHitRate(v.liveHitRate)}; forecasts ${v.forecasts.recorded} recorded, ${v.forecasts.pending} undecided`,
  ];
}

/** `tradeloop strategies` for people: the strategies the engine runs (and why these), then the ML models per symbol. */
export function formatStrategies(r: StrategiesResponseV1): string {
  const lines: string[] = [
    r.activeSet === null
      ? 'strategies: the default binding (no active set has been stored by the pre-market selection)'
      : `strategies: the active set of ${r.activeSet.sessionDate} (selected ${r.activeSet.selectedAt}, version ${r.activeSet.version})`,
  ];
  if (r.strategies.length === 0) lines.push('  (none: the selection found nothing that qualifies)');
  for (const s of r.strategies) {
    const state = s.registryStateNow !== undefined && s.registryStateNow !== s.state ? `${s.state}, registry now ${s.registryStateNow}` : s.state;
    const params = Object.entries(s.parameters).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    lines.push(`  ${s.strategyId} ${s.version} [${state}]${s.family !== undefined ? ` ${s.family}` : ''} ${params} on ${s.symbols.join(',')}${s.sharpe !== undefined ? `, OOS Sharpe ${s.sharpe.toFixed(2)}` : ''}`);
    if (s.skipped !== undefined) lines.push(`    SKIPPED by the engine: ${s.skipped}`);
    lines.push(`    live hit rate ${formatHitRate(s.liveHitRate)}`);
  }
  lines.push(r.models.length === 0 ? 'models: no model in the registry has a champion' : 'models:');
  for (const m of r.models) {
    lines.push(`${m.symbol} ${m.modelId}`);
    if (m.champion !== null) lines.push(...modelVersion('champion', m.champion));
    if (m.challenger !== null) lines.push(...modelVersion('challenger (shadow)', m.challenger));
  }
  if (r.models.length > 0 && r.symbolsWithoutModel.length > 0) lines.push(`no model: ${r.symbolsWithoutModel.join(', ')}`);
  return lines.join('\n');
}

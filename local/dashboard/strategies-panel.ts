import { StrategiesResponseV1 } from '../../layers/contracts';

/**
 * The dashboard's strategies-and-models panel and its model-accuracy tile: the `GET /strategies` read model
 * (what the engine runs, live hit rates, held-out and live model accuracy), checked against its contract so the
 * page only ever gets those fields. Where there is nothing to read the panel says why rather than show zeros.
 */
export type StrategiesPanel = { readonly available: true; readonly overview: StrategiesResponseV1 } | { readonly available: false; readonly note: string };

export const STRATEGIES_NOT_CONFIGURED = 'this run has no strategy or model store to read';

/** The read model's answer for the page; a store that cannot be read (shutting down) or a malformed answer is reported as such. */
export async function strategiesPanel(read: (() => Promise<unknown>) | undefined): Promise<StrategiesPanel> {
  if (read === undefined) return { available: false, note: STRATEGIES_NOT_CONFIGURED };
  let raw: unknown;
  try {
    raw = await read();
  } catch (error) {
    return { available: false, note: `the strategy and model stores could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  // zod strips every field the contract does not list.
  const parsed = StrategiesResponseV1.safeParse(raw);
  if (!parsed.success) return { available: false, note: `the strategies answer is unreadable: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { available: true, overview: parsed.data };
}

export type ModelAccuracyTile =
  | { readonly available: true; readonly value: string; readonly note: string }
  | { readonly available: false; readonly status: string; readonly note: string };

export const NO_MODEL_NOTE = 'no model in the registry: the engine runs its strategies only';

const fixed = (n: number | null | undefined): string => (n === null || n === undefined ? 'n/a' : n.toFixed(3));

/**
 * The summary tile: the first champion's held-out accuracy against always-up on the same rows (the honest
 * comparison: a model that says "up" every day scores the base rate), its AUC and its live hit rate.
 */
export function modelAccuracyTile(panel: StrategiesPanel): ModelAccuracyTile {
  if (!panel.available) return { available: false, status: 'unknown', note: panel.note };
  const first = panel.overview.models[0];
  const champion = first?.champion;
  if (first === undefined || champion === undefined || champion === null) return { available: false, status: 'no model', note: NO_MODEL_NOTE };
  if (!champion.manifestFound) return { available: false, status: 'no manifest', note: `${first.symbol} champion ${champion.version} has no manifest in the registry: its held-out metrics are unknown` };
  const h = champion.holdout;
  const live = champion.liveHitRate;
  const liveText = live === null ? 'live: not scored' : live.trials === 0 ? 'live: not scored yet' : `live ${live.hits}/${live.trials}`;
  const more = panel.overview.models.length - 1;
  return {
    available: true,
    value: `${fixed(h.accuracy?.estimate)} vs ${fixed(h.baselineAccuracy?.estimate)}`,
    note: `${first.symbol} champion held-out accuracy vs always-up · AUC ${fixed(h.auc?.estimate)} · ${liveText}${more > 0 ? ` · ${more} more model(s) below` : ''}`,
  };
}

/**
 * Where the selector's inputs come from for a registry entry, kept apart from the selection rule itself.
 *
 * Recent out-of-sample metrics: the latest out-of-sample metrics recorded on the entry's own history (the gate
 * evidence of its candidate → paper transition, or the metrics it was registered with). Nothing else feeds them
 * yet: paper and live results do not update an entry's Sharpe, so "recent" means "most recently recorded".
 */
import type { OutOfSampleMetrics } from '../research/gates';
import type { RegistryEntry } from './registry';

/** The most recently recorded out-of-sample metrics of the entry, or undefined when it has none. */
export function recentOutOfSampleMetrics(entry: Pick<RegistryEntry, 'history'>): OutOfSampleMetrics | undefined {
  for (let i = entry.history.length - 1; i >= 0; i -= 1) {
    const evidence = entry.history[i]?.evidence;
    if (evidence === undefined) continue;
    if ((evidence.kind === 'out-of-sample-gates' || evidence.kind === 'registration') && evidence.metrics?.sample === 'out-of-sample') return evidence.metrics;
  }
  return undefined;
}

/** The symbols an entry trades: its own list, or the whole watchlist when the list is empty. */
export function symbolsOf(entry: Pick<RegistryEntry, 'symbols'>, watchlist: readonly string[]): readonly string[] {
  return entry.symbols.length > 0 ? entry.symbols : watchlist;
}

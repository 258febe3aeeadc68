import type { ArtefactManifestV1, DecisionRecord, ModelPointers, ModelRegistry, RegisterResult } from '../../core/ml/lifecycle';
import { predictionKeyOf, type PredictionRecordV1, type PredictionStore } from '../../core/ml/inference';

/** In-memory ModelRegistry with DynamoModelRegistry's conditions (register once, pointers on the revision read). */
export class InMemoryModelRegistry implements ModelRegistry {
  private readonly versions = new Map<string, ArtefactManifestV1>();
  private readonly pointers = new Map<string, ModelPointers>();
  private readonly decisions = new Map<string, DecisionRecord>();
  /** getPointers calls so far (tests check the TTL cache against it). */
  pointerReads = 0;

  registerVersion(manifest: ArtefactManifestV1): Promise<RegisterResult> {
    const key = `${manifest.modelId}|${manifest.version}`;
    if (this.versions.has(key)) return Promise.resolve({ kind: 'exists' });
    this.versions.set(key, structuredClone(manifest));
    return Promise.resolve({ kind: 'registered' });
  }

  getVersion(modelId: string, version: string): Promise<ArtefactManifestV1 | undefined> {
    return Promise.resolve(this.versions.get(`${modelId}|${version}`));
  }

  getPointers(modelId: string): Promise<ModelPointers | undefined> {
    this.pointerReads += 1;
    return Promise.resolve(this.pointers.get(modelId));
  }

  setPointers(modelId: string, next: { readonly champion?: string; readonly challenger?: string }, expectedRevision: number | undefined, at: string): Promise<boolean> {
    const current = this.pointers.get(modelId);
    if (current?.revision !== expectedRevision) return Promise.resolve(false);
    this.pointers.set(modelId, { modelId, revision: (expectedRevision ?? 0) + 1, updatedAt: at, ...(next.champion !== undefined ? { champion: next.champion } : {}), ...(next.challenger !== undefined ? { challenger: next.challenger } : {}) });
    return Promise.resolve(true);
  }

  recordDecision(decision: DecisionRecord): Promise<void> {
    const key = `${decision.modelId}|${decision.decidedAt}|${decision.challengerVersion}`;
    if (!this.decisions.has(key)) this.decisions.set(key, structuredClone(decision));
    return Promise.resolve();
  }

  listDecisions(modelId: string): Promise<DecisionRecord[]> {
    return Promise.resolve([...this.decisions.values()].filter((d) => d.modelId === modelId));
  }
}

/** In-memory PredictionStore: one record per (model, version, session), the first one stands. */
export class InMemoryPredictionStore implements PredictionStore {
  private readonly records = new Map<string, PredictionRecordV1>();
  /** recordOnce calls, duplicates included. */
  writes = 0;

  recordOnce(record: PredictionRecordV1): Promise<boolean> {
    this.writes += 1;
    const key = predictionKeyOf(record);
    if (this.records.has(key)) return Promise.resolve(false);
    this.records.set(key, structuredClone(record));
    return Promise.resolve(true);
  }

  list(modelId: string, version: string): Promise<PredictionRecordV1[]> {
    return Promise.resolve([...this.records.values()].filter((r) => r.modelId === modelId && r.version === version).sort((a, b) => (a.sessionDate < b.sessionDate ? -1 : a.sessionDate > b.sessionDate ? 1 : 0)));
  }

  all(): readonly PredictionRecordV1[] {
    return [...this.records.values()];
  }
}

import { loadEnsemble } from '../../core/ml';
import type { LoadedModel } from '../../core/ml/inference';
import type { ModelPointers, ModelRegistry } from '../../core/ml/lifecycle';

/** The versions a model serves right now. */
export interface ActiveModels {
  readonly champion?: LoadedModel;
  readonly challenger?: LoadedModel;
}

export interface ActiveModelCacheOptions {
  /** The registry's pointers (DynamoModelRegistry on the models table). */
  readonly registry: Pick<ModelRegistry, 'getPointers'>;
  /** The artefact JSON of a version, verified (ModelArtefactStore.getArtefact); undefined when absent. */
  readonly loadArtefact: (modelId: string, version: string) => Promise<string | undefined>;
  /** How long a pointer read is trusted: a promotion takes effect within this. Default 60 s. */
  readonly pointerTtlMs?: number;
  /** Loaded versions kept (champion, challenger and the ones they replaced). Default 4. */
  readonly maxLoadedVersions?: number;
  /** Wall clock for the TTL (default Date.now); tests pass their own. */
  readonly now?: () => number;
  /** Told about a version that could not be loaded (it is then treated as absent until the next pointer read). */
  readonly onLoadError?: (modelId: string, version: string, error: unknown) => void;
}

interface PointerEntry {
  readonly at: number;
  readonly pointers: ModelPointers | undefined;
}

/**
 * Champion and challenger of a model as the signal engine serves them, without a redeploy: the
 * registry's pointer item is re-read at most once per TTL per model (a promotion is live within the
 * TTL), and each artefact version is fetched from S3, checked against its manifest's SHA-256 and
 * restored once per container (versions are immutable, so a loaded one never goes stale).
 *
 * Failure policy: a registry read that fails serves the last pointers read (stale beats missing bars
 * in the daily window) and throws only when there are none, so the bar is retried in order. A
 * version whose artefact is missing or was trained on other features is treated as absent (logged
 * through onLoadError) and tried again after the TTL: it is a deployment error a retry cannot fix.
 */
export class ActiveModelCache {
  private readonly pointers = new Map<string, PointerEntry>();
  private readonly loaded = new Map<string, Promise<LoadedModel | undefined>>();
  /** When a version last failed to load. */
  private readonly failures = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxLoaded: number;
  private readonly now: () => number;

  constructor(private readonly options: ActiveModelCacheOptions) {
    this.ttlMs = options.pointerTtlMs ?? 60_000;
    this.maxLoaded = options.maxLoadedVersions ?? 4;
    this.now = options.now ?? Date.now;
  }

  async active(modelId: string): Promise<ActiveModels> {
    const pointers = await this.currentPointers(modelId);
    if (pointers?.champion === undefined) return {};
    const [champion, challenger] = await Promise.all([
      this.version(modelId, pointers.champion),
      pointers.challenger !== undefined && pointers.challenger !== pointers.champion ? this.version(modelId, pointers.challenger) : Promise.resolve(undefined),
    ]);
    return { ...(champion !== undefined ? { champion } : {}), ...(challenger !== undefined ? { challenger } : {}) };
  }

  private async currentPointers(modelId: string): Promise<ModelPointers | undefined> {
    const cached = this.pointers.get(modelId);
    const now = this.now();
    if (cached !== undefined && now - cached.at < this.ttlMs) return cached.pointers;
    try {
      const pointers = await this.options.registry.getPointers(modelId);
      this.pointers.set(modelId, { at: now, pointers });
      return pointers;
    } catch (error) {
      if (cached !== undefined) return cached.pointers;
      throw error;
    }
  }

  private version(modelId: string, version: string): Promise<LoadedModel | undefined> {
    const key = `${modelId}|${version}`;
    const failedAt = this.failures.get(key);
    if (failedAt !== undefined && this.now() - failedAt >= this.ttlMs) {
      // A failed load is retried at most once per TTL.
      this.failures.delete(key);
      this.loaded.delete(key);
    }
    const hit = this.loaded.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order, the first key is evicted.
      this.loaded.delete(key);
      this.loaded.set(key, hit);
      return hit;
    }
    const loading = this.load(modelId, version);
    this.loaded.set(key, loading);
    while (this.loaded.size > this.maxLoaded) {
      const oldest = this.loaded.keys().next().value;
      if (oldest === undefined) break;
      this.loaded.delete(oldest);
    }
    return loading;
  }

  private async load(modelId: string, version: string): Promise<LoadedModel | undefined> {
    try {
      const text = await this.options.loadArtefact(modelId, version);
      if (text === undefined) throw new Error(`artefact ${modelId} ${version} is not in the models bucket`);
      return { modelId, version, predictor: loadEnsemble(JSON.parse(text)) };
    } catch (error) {
      this.options.onLoadError?.(modelId, version, error);
      this.failures.set(`${modelId}|${version}`, this.now());
      return undefined;
    }
  }
}

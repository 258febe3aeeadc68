/**
 * Artefact manifest and the model registry's shapes (issue 7), pure. An artefact version is stored
 * as two S3 objects (`artefactLayout`): the ensemble JSON the signal engine loads and this manifest,
 * which says what produced it: features, label, training window, hold-out metrics, code version,
 * seed, config, and SHA-256 of the input data files and of the artefact itself. The registry
 * (DynamoDB `models` table) keeps one item per version, one pointer item per model (champion and
 * challenger, written with a revision condition) and one item per promotion decision.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Model family: what kind of forecaster (today only the direction ensemble). */
export const ModelFamily = z.enum(['ensemble-direction', 'ensemble-triple-barrier']);
export type ModelFamily = z.infer<typeof ModelFamily>;

/** Registry partition key: one model per symbol and family. */
export const modelIdOf = (symbol: string, family: ModelFamily): string => `${symbol.toUpperCase()}#${family}`;

const Metric = z.object({ estimate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() }).passthrough();

export const ArtefactManifestV1 = z.object({
  schema: z.literal('ArtefactManifestV1'),
  modelId: z.string(),
  symbol: z.string(),
  family: ModelFamily,
  /** `v-<trainedThrough>-<12 hex of the content hash>`: sorts by training date, same inputs → same version. */
  version: z.string().regex(/^v-\d{4}-\d{2}-\d{2}-[0-9a-f]{12}$/),
  createdAt: z.string(),
  codeVersion: z.string(),
  seed: z.number().int(),
  features: z.object({ names: z.array(z.string()), lookback: z.number().int() }),
  label: z.object({ kind: z.string(), horizon: z.number().int() }).passthrough(),
  trainingWindow: z.object({
    from: z.string(),
    to: z.string(),
    development: z.object({ from: z.string(), to: z.string(), rows: z.number().int() }),
    holdout: z.object({ from: z.string(), to: z.string(), rows: z.number().int() }),
    trainedThrough: z.string(),
  }),
  data: z.object({ source: z.string(), files: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })), barsSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Hold-out metrics of the primary forecast (calibrated soft vote) and of the always-up baseline. */
  metrics: z.object({ forecast: z.string(), holdout: z.record(z.string(), Metric), baseline: z.record(z.string(), Metric), hitRate: z.number() }),
  config: z.record(z.string(), z.unknown()),
  artefact: z.object({ key: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() }),
});
export type ArtefactManifestV1 = z.infer<typeof ArtefactManifestV1>;

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Canonical JSON (sorted keys) so the content hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The version id of a training run: its inputs' hash (data, code, config, seed, label), prefixed by the training date. */
export function artefactVersion(trainedThrough: string, inputs: { readonly barsSha256: string; readonly codeVersion: string; readonly config: unknown; readonly seed: number; readonly label: unknown }): string {
  return `v-${trainedThrough}-${sha256Hex(canonicalJson(inputs)).slice(0, 12)}`;
}

/** Where a version's objects live in the models bucket. */
export const artefactLayout = {
  prefix: (modelId: string, version: string): string => `models/${modelId.split('#').map(encodeURIComponent).join('/')}/${version}/`,
  artefact: (modelId: string, version: string): string => `${artefactLayout.prefix(modelId, version)}artefact.json`,
  manifest: (modelId: string, version: string): string => `${artefactLayout.prefix(modelId, version)}manifest.json`,
};

/** Champion and challenger of one model; `revision` increases by one with every pointer write. */
export interface ModelPointers {
  readonly modelId: string;
  readonly champion?: string;
  readonly challenger?: string;
  readonly revision: number;
  readonly updatedAt: string;
}

/** One promotion decision as recorded (the evidence is the PromotionDecision). */
export interface DecisionRecord {
  readonly modelId: string;
  readonly decidedAt: string;
  readonly challengerVersion: string;
  readonly championVersion?: string;
  readonly promoted: boolean;
  readonly reason: string;
  readonly evidence: unknown;
}

export type RegisterResult = { readonly kind: 'registered' } | { readonly kind: 'exists' };

/** The model registry port (adapter: DynamoModelRegistry on the `models` table). */
export interface ModelRegistry {
  /** Registers a version once (conditional); a second registration of the same version reports `exists`. */
  registerVersion(manifest: ArtefactManifestV1): Promise<RegisterResult>;
  getVersion(modelId: string, version: string): Promise<ArtefactManifestV1 | undefined>;
  getPointers(modelId: string): Promise<ModelPointers | undefined>;
  /**
   * Writes the pointers if they are still at `expectedRevision` (undefined: no pointer item yet);
   * false when someone else moved them first (the caller re-reads and decides again).
   */
  setPointers(modelId: string, next: { readonly champion?: string; readonly challenger?: string }, expectedRevision: number | undefined, at: string): Promise<boolean>;
  /** Records a decision once (conditional on decidedAt + challenger). */
  recordDecision(decision: DecisionRecord): Promise<void>;
  listDecisions(modelId: string): Promise<DecisionRecord[]>;
}

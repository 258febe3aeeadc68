import { artefactLayout, ArtefactManifestV1, sha256Hex } from '../../core/ml/lifecycle';
import type { ObjectStore } from '../../core/ports';
import { S3ObjectStore } from './objects';

/**
 * Versioned model artefacts in the models bucket: `models/<modelId>/<version>/artefact.json` (what
 * loadEnsemble reads) and `manifest.json` next to it. Versions are content-addressed (same inputs,
 * same version, same bytes), so a retried job rewriting them is harmless; the artefact's SHA-256 in
 * the manifest is checked on every read.
 */
export class ModelArtefactStore {
  private readonly store: ObjectStore;

  /** A bucket name (real S3, or fauxqs through AWS_ENDPOINT_URL_S3) or any ObjectStore. */
  constructor(bucketOrStore: string | ObjectStore) {
    this.store = typeof bucketOrStore === 'string' ? new S3ObjectStore({ bucket: bucketOrStore }) : bucketOrStore;
  }

  /** Writes the artefact, then the manifest (a manifest is never visible without its artefact). */
  async putVersion(manifest: ArtefactManifestV1, artefactJson: string): Promise<void> {
    const parsed = ArtefactManifestV1.parse(manifest);
    if (sha256Hex(artefactJson) !== parsed.artefact.sha256) throw new Error(`artefact of ${parsed.modelId} ${parsed.version} does not match its manifest's SHA-256`);
    if (parsed.artefact.key !== artefactLayout.artefact(parsed.modelId, parsed.version)) throw new Error(`manifest names artefact key ${parsed.artefact.key}, expected ${artefactLayout.artefact(parsed.modelId, parsed.version)}`);
    await this.store.put(parsed.artefact.key, artefactJson, 'application/json');
    await this.store.put(artefactLayout.manifest(parsed.modelId, parsed.version), JSON.stringify(parsed), 'application/json');
  }

  async getManifest(modelId: string, version: string): Promise<ArtefactManifestV1 | undefined> {
    const bytes = await this.store.get(artefactLayout.manifest(modelId, version));
    return bytes === undefined ? undefined : ArtefactManifestV1.parse(JSON.parse(new TextDecoder().decode(bytes)));
  }

  /** The artefact JSON text, verified against the manifest's SHA-256; undefined when absent. */
  async getArtefact(modelId: string, version: string): Promise<string | undefined> {
    const manifest = await this.getManifest(modelId, version);
    if (manifest === undefined) return undefined;
    const bytes = await this.store.get(manifest.artefact.key);
    if (bytes === undefined) return undefined;
    const text = new TextDecoder().decode(bytes);
    if (sha256Hex(text) !== manifest.artefact.sha256) throw new Error(`artefact ${manifest.artefact.key} does not match its manifest's SHA-256`);
    return text;
  }
}

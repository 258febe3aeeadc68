import { createHash } from 'node:crypto';
import { mulberry32 } from '../../layers/core/analytics/random';

/** The broker's only source of randomness (the core's seeded mulberry32), so runs repeat exactly. */
export const seededRandom = (seed: number): (() => number) => mulberry32(seed);

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Version-4-shaped UUIDs drawn from a seeded PRNG: order ids are random-looking yet reproducible. */
export function uuidGenerator(random: () => number): () => string {
  return () => {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    return formatUuid(bytes);
  };
}

/** A stable name-based UUID (version 5 layout over SHA-1), e.g. an asset id from its symbol. */
export function nameUuid(name: string): string {
  const bytes = createHash('sha1').update(`tradeloop-paper-broker:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(bytes);
}

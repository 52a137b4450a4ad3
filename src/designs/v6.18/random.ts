/*
 * get_random_u32_below() for refill_stock()'s victim slot, made
 * deterministic: a mulberry32 generator seeded with a 32-bit FNV-1a hash
 * of the world configuration, so the same world and the same steps evict
 * the same slots on every run (and in every replay).
 */

import type { WorldConfig } from '../../design.ts';

export interface Rng {
  state: number;
}

/** FNV-1a over the configuration's JSON: the seed. */
export function rngFromConfig(config: WorldConfig): Rng {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(config)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return { state: h };
}

/* get_random_u32_below (v6.18), replaced by mulberry32 */
export function getRandomU32Below(rng: Rng, ceil: number): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const u32 = (t ^ (t >>> 14)) >>> 0;
  return u32 % ceil;
}

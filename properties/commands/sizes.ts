/*
 * Object sizes, weighted towards where the arithmetic changes: small slab
 * objects, page boundaries (PAGE_SIZE-1, PAGE_SIZE, PAGE_SIZE+1 and
 * multiples, where the nr_pages/remainder split and Roman's objection (3)
 * live), and percpu-style sizes (size * nr_cpus, routinely above a page).
 */

import fc from 'fast-check';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';

export interface RawSize {
  readonly base: number;
  /** percpu allocation: charged base * nr_cpus bytes. */
  readonly percpu: boolean;
}

export const BOUNDARY_SIZES = [
  PAGE_SIZE - 1,
  PAGE_SIZE,
  PAGE_SIZE + 1,
  2 * PAGE_SIZE - 1,
  2 * PAGE_SIZE,
  2 * PAGE_SIZE + 1,
  3 * PAGE_SIZE,
  4 * PAGE_SIZE + 8,
] as const;

export const rawSize: fc.Arbitrary<RawSize> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 512 }).map((base) => ({ base, percpu: false })) },
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_SIZES).map((base) => ({ base, percpu: false })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 * PAGE_SIZE }).map((base) => ({ base, percpu: false })) },
  { weight: 1, arbitrary: fc.integer({ min: 8, max: 2048 }).map((base) => ({ base, percpu: true })) },
);

export function resolveSize(raw: RawSize, nrCpus: number): number {
  return raw.percpu ? raw.base * nrCpus : raw.base;
}

/*
 * Shared-state operation counts (design.ts SharedOpCounts), for the
 * switch-cost objection. Per-CPU operations (stock arithmetic, percpu-mode
 * refcounts) are free; what is counted touches cache lines other CPUs use.
 */

import type { SharedOpCounts } from '../../design.ts';
import type { PageCounter } from '../../kernel/page-counter.ts';

export type Costs = { -readonly [K in keyof SharedOpCounts]: number };

export function newCosts(): Costs {
  return { pageCounter: 0, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 0 };
}

/** Levels a hierarchical page_counter operation on `counter` touches. */
export function counterDepth(counter: PageCounter): number {
  let n = 0;
  for (const _ of counter.levels()) n++;
  return n;
}

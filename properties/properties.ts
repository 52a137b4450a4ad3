/*
 * Named properties: which invariants a model-based run checks.
 *
 * Each invariant is a property of its own, so that a design gets one
 * verdict per invariant and each shrinks to its own minimal trace.
 * `refinement` checks them all at once: the main property.
 */

import { INVARIANTS, INVARIANT_DOCS, type InvariantName, type StepCheck } from './invariants.ts';

export interface PropertyDef {
  readonly name: string;
  readonly doc: string;
  readonly invariants: readonly InvariantName[];
  /** Extra per-step checks, checked after the invariants. */
  readonly checks?: readonly StepCheck[];
}

export const PROPERTIES: readonly PropertyDef[] = [
  { name: 'refinement', doc: 'every invariant below after every step, and quiescence at the end', invariants: INVARIANTS },
  ...INVARIANTS.map((i) => ({ name: i, doc: INVARIANT_DOCS[i], invariants: [i] })),
];

export function findProperty(name: string): PropertyDef | undefined {
  return PROPERTIES.find((p) => p.name === name);
}

/*
 * Named properties: which invariants a model-based run checks.
 *
 * Each invariant is a property of its own, so that a design gets one
 * verdict per invariant and each shrinks to its own minimal trace.
 * `refinement` checks them all at once: the main property.
 */

import type { DesignInfo } from '../src/design.ts';
import { INVARIANTS, INVARIANT_DOCS, type InvariantName, type StepCheck } from './invariants.ts';

export interface PropertyDef {
  readonly name: string;
  readonly doc: string;
  readonly invariants: readonly InvariantName[];
  /** Extra per-step checks, checked after the invariants. */
  readonly checks?: readonly StepCheck[];
  /**
   * Why the property says nothing about a design (its verdict is then
   * "n/a", never a vacuous "holds"), or null when it applies.
   */
  readonly notApplicable?: (info: DesignInfo) => string | null;
}

const NOT_APPLICABLE: Partial<Record<InvariantName, (info: DesignInfo) => string | null>> = {
  'memcg-refs': (i) => (i.refRules.memcg === 'none' ? "the design declares no css reference rules (RefRules.memcg 'none')" : null),
  'objcg-refs': (i) => (i.refRules.objcgs ? null : 'the design has no obj_cgroups (RefRules.objcgs false)'),
  ownership: (i) => (i.refRules.objcgs ? null : 'the design has no obj_cgroups (RefRules.objcgs false)'),
};

export const PROPERTIES: readonly PropertyDef[] = [
  { name: 'refinement', doc: 'every invariant below after every step, and quiescence at the end', invariants: INVARIANTS },
  ...INVARIANTS.map((i) => ({ name: i, doc: INVARIANT_DOCS[i], invariants: [i], ...(NOT_APPLICABLE[i] ? { notApplicable: NOT_APPLICABLE[i] } : {}) })),
];

export function findProperty(name: string): PropertyDef | undefined {
  return PROPERTIES.find((p) => p.name === name);
}

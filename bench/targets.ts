/*
 * What the benchmarks look for: every counterexample the suite is known to
 * find. Each target is a design, a property it fails, and the runner
 * budget its own tests use:
 *   - the planted bugs of the example design (one invariant each);
 *   - the bundled designs' documented failures (DesignInfo.expected);
 *   - Roman's objections, on every design the manifest says fails them
 *     (properties/objections/expected.ts).
 * New objections need no change here: they are read from OBJECTIONS.
 */

import { simpleDesign, SIMPLE_BUGS, type SimpleBug } from '../examples/simple-design.ts';
import type { Design } from '../src/design.ts';
import type { InvariantName } from '../properties/invariants.ts';
import { findProperty, type PropertyDef } from '../properties/properties.ts';
import { EXPECTED } from '../properties/objections/expected.ts';
import { OBJECTIONS } from '../properties/objections/index.ts';
import { OBJECTION_DEFAULTS } from '../properties/objections/run.ts';

export interface Target {
  /** "planted no-reparent", "v5.10 conservation", "objection 2 v6.18". */
  readonly name: string;
  readonly kind: 'planted' | 'bundled' | 'objection';
  readonly design: Design;
  readonly property: PropertyDef;
  /** Longest generated sequence, as the target's own tests run it. */
  readonly maxCommands: number;
  /** Length the manifest pins (objections), when it pins one. */
  readonly pinnedLength?: number;
}

/** The invariant each planted bug breaks (examples/simple-design.ts, SIMPLE_BUGS). */
export const PLANTED: Readonly<Record<SimpleBug, InvariantName>> = {
  'charge-hit-keeps-leftover': 'conservation',
  'free-keeps-pages': 'precharge-bound',
  'page-free-uncharges-extra': 'counters-nonneg',
  'charge-ignores-max': 'counters-within-max',
  'user-put-twice': 'no-warnings',
  'bulk-skips-ref': 'objcg-refs',
  'rmdir-keeps-css': 'memcg-refs',
  'no-reparent': 'ownership',
  'enomem-leaks-charge': 'failed-charge',
  'rmdir-keeps-objcg': 'quiescence',
};

export function plantedTargets(): Target[] {
  return SIMPLE_BUGS.map((bug) => ({
    name: `planted ${bug}`,
    kind: 'planted',
    design: simpleDesign(new Set([bug])),
    property: findProperty(PLANTED[bug])!,
    maxCommands: 60,
  }));
}

/** Every property a bundled design documents as failing, refinement excepted (it is the union). */
export function bundledTargets(designs: readonly Design[]): Target[] {
  return designs.flatMap((d) =>
    Object.entries(d.info.expected ?? {})
      .filter(([p, v]) => v === 'fails' && p !== 'refinement' && findProperty(p))
      .map(([p]) => ({ name: `${d.info.name} ${p}`, kind: 'bundled' as const, design: d, property: findProperty(p)!, maxCommands: 60 })),
  );
}

export function objectionTargets(designs: readonly Design[]): Target[] {
  return OBJECTIONS.flatMap((o) =>
    designs.flatMap((d) => {
      const cell = EXPECTED[o.id]?.[d.info.name];
      if (cell?.verdict !== 'fails') return [];
      const t: Target = {
        name: `objection ${o.id} ${d.info.name}`,
        kind: 'objection',
        design: d,
        property: o.property,
        maxCommands: OBJECTION_DEFAULTS.maxCommands,
        ...(cell.length !== undefined ? { pinnedLength: cell.length } : {}),
      };
      return [t];
    }),
  );
}

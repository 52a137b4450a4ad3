/*
 * Why this test? The explorer branches every bundled design with clone()
 * (cloneGraph). A copy that shared anything mutable with its original, a
 * closure over the original's objects for instance, would let one explored
 * path change another and the explorer would report states no kernel
 * reaches. So: run random steps, copy, run more steps on the copy only and
 * require the original untouched, then run the same steps on the original
 * and require both to agree step for step (snapshot, warnings, and the
 * design's whole object graph).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWorld } from '../config.ts';
import type { Design, DesignInstance } from '../design.ts';
import type { Action } from '../../properties/actions.ts';
import { Harness } from '../../properties/harness.ts';
import { applyStep, harnessWith } from '../../properties/explore/branch.ts';
import { designDigest } from '../../properties/explore/canonical.ts';
import { DEFAULT_SCOPE, enabledActions } from '../../properties/explore/scope.ts';
import { bundledDesigns } from './index.ts';

const world = defaultWorld(2);

function look(h: Harness): string {
  return `${JSON.stringify(h.state)}\n${designDigest(h.design, h.env)}`;
}

/** Take the steps `choices` pick among the enabled actions; the actions taken. */
function walk(h: Harness, choices: readonly number[]): Action[] {
  const taken: Action[] = [];
  for (const c of choices) {
    const as = enabledActions(h, DEFAULT_SCOPE);
    if (as.length === 0) break;
    const a = as[c % as.length]!;
    applyStep(h, a);
    taken.push(a);
  }
  return taken;
}

/** The property: from any state `prefix` reaches, a copy runs `suffix` without touching the original, and both then agree. */
function copyIsIndependent(design: Design) {
  const steps = fc.array(fc.nat(1000), { maxLength: 20 });
  return fc.property(steps, steps, (prefix, suffix) => {
    const h = new Harness(design, world, { invariants: new Set() });
    walk(h, prefix);
    const before = look(h);
    const c = harnessWith(h, h.design.clone!());
    expect(look(c)).toBe(before);
    const taken = walk(c, suffix);
    expect(look(h)).toBe(before);
    const d = harnessWith(h, h.design.clone!());
    for (const a of taken) {
      applyStep(h, a);
      applyStep(d, a);
    }
    expect(look(h)).toBe(look(c));
    expect(look(d)).toBe(look(c));
  });
}

describe('clone() of every bundled design', () => {
  for (const design of bundledDesigns) {
    it(`${design.info.name}: a copy is independent of its original and behaves as it does`, () => {
      fc.assert(copyIsIndependent(design), { seed: 2026, numRuns: 150 });
    });
  }

  it('catches a copy that shares the kernel with its original (a shallow clone of v5.10)', () => {
    const v510 = bundledDesigns.find((d) => d.info.name === 'v5.10')!;
    const shallow: Design = {
      ...v510,
      create(config) {
        const inst = v510.create(config);
        inst.clone = () => Object.assign(Object.create(Object.getPrototypeOf(inst) as object) as DesignInstance, inst);
        return inst;
      },
    };
    const r = fc.check(copyIsIndependent(shallow), { seed: 2026, numRuns: 150 });
    expect(r.failed).toBe(true);
    // the shortest: one step on the copy (any allocation) shows in the original
    expect(r.counterexample).toEqual([[], [0]]);
  });
});

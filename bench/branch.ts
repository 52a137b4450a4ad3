/*
 * Branching cost: the two ways the explorer gets a second kernel in the
 * state of a first (properties/explore/branch.ts). A copy with
 * DesignInstance.clone() (cloneGraph for every bundled design), against
 * re-executing the path from a fresh create(), which is what a design
 * without clone() costs. Both are timed on the same state, reached by a
 * fixed path of `steps` calls from the explorer's default scope, with
 * every check off (branching itself checks nothing).
 */

import type { Design } from '../src/design.ts';
import type { Action } from '../properties/actions.ts';
import { applyStep } from '../properties/explore/branch.ts';
import { DEFAULT_SCOPE, enabledActions, worldOf } from '../properties/explore/scope.ts';
import { Harness } from '../properties/harness.ts';

export interface BranchFigure {
  readonly design: string;
  /** Calls on the path to the state copied. */
  readonly steps: number;
  /** Microseconds per clone() of the design instance. */
  readonly cloneUs: number;
  /** Microseconds per create() plus the path re-executed. */
  readonly replayUs: number;
}

const world = worldOf(DEFAULT_SCOPE);

function fresh(design: Design): Harness {
  return new Harness(design, world, { invariants: new Set() });
}

/** A fixed path: the k-th enabled action at step k, spread by a prime so that ops vary. */
function path(design: Design, steps: number): Action[] {
  const h = fresh(design);
  const out: Action[] = [];
  for (let k = 0; k < steps; k++) {
    const as = enabledActions(h, DEFAULT_SCOPE);
    if (as.length === 0) break;
    const a = as[(k * 7919 + 3) % as.length]!;
    applyStep(h, a);
    out.push(a);
  }
  return out;
}

/** Fastest of `rounds` rounds of `n` calls of `f`, in microseconds per call. */
function time(f: () => unknown, n: number, rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}

export function branchBench(design: Design, o: { steps: number; n: number; rounds: number }): BranchFigure {
  const actions = path(design, o.steps);
  const h = fresh(design);
  for (const a of actions) applyStep(h, a);
  const replay = (): Harness => {
    const r = fresh(design);
    for (const a of actions) applyStep(r, a);
    return r;
  };
  const clone = h.design.clone?.bind(h.design);
  return {
    design: design.info.name,
    steps: actions.length,
    cloneUs: clone ? time(clone, o.n, o.rounds) : NaN,
    replayUs: time(replay, o.n, o.rounds),
  };
}

/*
 * Breadth-first exploration of every action sequence up to a depth, over
 * a finite scope, like TLC's model checking: each distinct state (up to
 * the canonical key) is expanded once, every transition is executed and
 * checked, and the first violation of each check is, by construction, at
 * the least depth at which any sequence violates it.
 *
 * What is checked, and where:
 *   - every per-step check (invariants and the properties' extra checks)
 *     on every transition, whether or not it leads to a new state (the
 *     step checks compare the states before and after);
 *   - the initial state;
 *   - the quiescence teardown from every distinct state, on a branch, with
 *     every check on, exactly as the random runner does after a sequence.
 * A sequence of n actions that fails, in a step or in the teardown after
 * it, is a counterexample of length n, the runner's `length`.
 *
 * How states are kept: the tree of first discoveries is stored as parent
 * and action per node, nothing else. Each level is reached by walking the
 * tree from the root again, branching at each node (a design clone, or
 * re-execution of the path when the design has no clone()), so memory
 * holds one harness per level of the walk, not one per frontier state.
 * Re-walking costs one unchecked step per stored node per level, small
 * beside the expansion, which executes every enabled action of every
 * state at the deepest level.
 *
 * Checks found violated stop being checked: their shortest trace is known.
 */

import type { Design } from '../../src/design.ts';
import type { Action } from '../actions.ts';
import { DesignError, Harness, InvariantViolation } from '../harness.ts';
import { checkStep, type InvariantName, type StepCheck } from '../invariants.ts';
import { findProperty, PROPERTIES, type PropertyDef } from '../properties.ts';
import { teardownAndCheck } from '../quiescence.ts';
import { applyStep, brancher, type Brancher } from './branch.ts';
import { canonicalKey, permutations } from './canonical.ts';
import { viewHarness } from './cpu-view.ts';
import { collisionBound, FingerprintSet } from './fingerprint.ts';
import { DEFAULT_SCOPE, enabledActions, validateScope, worldOf, type Scope } from './scope.ts';

export interface ExploreOptions {
  readonly scope?: Scope;
  /** Longest sequences explored. */
  readonly depth: number;
  /** Properties whose invariants and extra checks run (default: refinement, i.e. every invariant). */
  readonly properties?: readonly PropertyDef[];
  /** Run the quiescence teardown from every distinct state (default true). */
  readonly teardown?: boolean;
  /**
   * Identify states that are mirror images under CPU renumbering (2 CPUs
   * only). This switches to the snapshot key, an abstraction (see
   * canonical.ts); default false: the exact key.
   */
  readonly symmetry?: boolean;
  /** Branch with DesignInstance.clone() when the design has it (default true). */
  readonly useClone?: boolean;
  /** Stop after this many distinct states. */
  readonly maxStates?: number;
  /** Stop after this many milliseconds. */
  readonly maxMs?: number;
  /** Called after each completed level. */
  readonly onLevel?: (level: LevelStats) => void;
  /** Keep whole keys instead of 64-bit fingerprints (exact, several hundred bytes a state). */
  readonly exactKeys?: boolean;
  /** Stop once every check has its shortest violation (nothing more to find; default false). */
  readonly stopWhenAllViolated?: boolean;
}

/** One check's first violation: the shortest trace that violates it. */
export interface Violation {
  /** The invariant or extra check, or "design-error" when the design threw. */
  readonly check: string;
  /** The property that replays it (the check's own, or refinement). */
  readonly property: string;
  /** Actions in the trace (the counterexample's length). */
  readonly depth: number;
  readonly actions: readonly Action[];
  /** The failure came in the quiescence teardown after the actions. */
  readonly inTeardown: boolean;
  /** Step at which it failed (teardown steps count on from depth). */
  readonly step: number;
  readonly message: string;
  /**
   * No shorter trace violates the check: every shorter sequence was
   * explored. Always true for a complete exploration; false for one found
   * beyond the depth completed plus one when a limit stopped it.
   */
  readonly proven: boolean;
}

export interface LevelStats {
  readonly depth: number;
  /** Distinct states first reached at this depth. */
  readonly states: number;
  /** Transitions executed into this depth. */
  readonly transitions: number;
  /** Milliseconds since the start when the level was complete. */
  readonly elapsedMs: number;
  /** Peak resident set size of the process so far. */
  readonly peakRssBytes: number;
}

/** The most pre-charged bytes any reached state holds, and the shortest trace to it. */
export interface PrechargeReach {
  readonly bytes: number;
  readonly actions: readonly Action[];
}

export interface ExploreResult {
  readonly design: string;
  readonly scope: Scope;
  readonly depth: number;
  /** Every sequence of at most this many actions was explored and checked. */
  readonly depthCompleted: number;
  readonly stopped: null | 'max-states' | 'time' | 'all-violated';
  /** Distinct states (canonical keys) reached. */
  readonly states: number;
  /** Bound on the chance that two distinct states shared a fingerprint (0 with exact keys). */
  readonly collisionBound: number;
  readonly transitions: number;
  readonly teardowns: number;
  readonly levels: readonly LevelStats[];
  /** First violation of each check, in check order. */
  readonly violations: readonly Violation[];
  /** Checks that ran (invariants and extra checks). */
  readonly checks: readonly string[];
  /** Most pre-charged bytes on one CPU (sum of its holders), and outside the CPUs (one holder). */
  readonly precharge: { readonly perCpu: PrechargeReach; readonly perHolder: PrechargeReach };
  readonly symmetry: { readonly used: boolean; readonly note: string };
  readonly branching: 'clone' | 'replay';
  readonly elapsedMs: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
}

/** The checks an exploration runs, shared by every harness it builds. */
class Checks {
  /** What the harnesses' options point at; emptied while re-walking. */
  readonly invariants = new Set<InvariantName>();
  readonly extra: StepCheck[] = [];
  private readonly pending = new Set<string>();

  constructor(
    readonly allInvariants: readonly InvariantName[],
    readonly allExtra: readonly StepCheck[],
  ) {
    for (const i of allInvariants) this.pending.add(i);
    for (const c of allExtra) this.pending.add(c.name);
    this.on();
  }

  /** Every check has been violated. */
  done(): boolean {
    return this.pending.size === 0;
  }

  names(): string[] {
    return [...this.allInvariants, ...this.allExtra.map((c) => c.name)];
  }

  /** A check has its shortest violation: stop checking it. */
  found(name: string): void {
    this.pending.delete(name);
    this.invariants.delete(name as InvariantName);
    const i = this.extra.findIndex((c) => c.name === name);
    if (i >= 0) this.extra.splice(i, 1);
  }

  on(): void {
    this.invariants.clear();
    for (const i of this.allInvariants) if (this.pending.has(i)) this.invariants.add(i);
    this.extra.length = 0;
    for (const c of this.allExtra) if (this.pending.has(c.name)) this.extra.push(c);
  }

  off(): void {
    this.invariants.clear();
    this.extra.length = 0;
  }

  /** Run `f` with every check off (re-walking already checked steps). */
  quiet<T>(f: () => T): T {
    this.off();
    try {
      return f();
    } finally {
      this.on();
    }
  }
}

class Stop extends Error {
  constructor(readonly why: 'max-states' | 'time' | 'all-violated') {
    super(why);
  }
}

class SymmetryBroken extends Error {
  constructor(readonly actions: readonly Action[]) {
    super('symmetry broken');
  }
}

/** Explore `design` breadth-first to `o.depth`; see the file comment. */
export function explore(design: Design, o: ExploreOptions): ExploreResult {
  const scope = o.scope ?? DEFAULT_SCOPE;
  validateScope(scope);
  if (!o.symmetry) return search(design, o, scope, false, 'off: exact key (spec, driver state, snapshot and the design\'s object graph)');
  if (scope.nrCpus !== 2) return search(design, o, scope, false, `off: ${scope.nrCpus} CPU(s), and only 2 are symmetric under every op (cpu_down moves tasks to the lowest other CPU)`);
  try {
    return search(design, o, scope, true, 'cpu0 and cpu1 interchangeable; snapshot key (checked on every teardown)');
  } catch (e) {
    if (!(e instanceof SymmetryBroken)) throw e;
    const at = e.actions.length;
    return search(design, o, scope, false, `off: the teardown after a ${at}-step sequence differs from its mirror image, so CPU symmetry does not hold for this design`);
  }
}

function search(design: Design, o: ExploreOptions, scope: Scope, symmetry: boolean, note: string): ExploreResult {
  const t0 = performance.now();
  const props = o.properties ?? PROPERTIES.filter((p) => p.name === 'refinement');
  const invariants = [...new Set(props.flatMap((p) => p.invariants))];
  const extra = [...new Map(props.flatMap((p) => p.checks ?? []).map((c) => [c.name, c])).values()];
  const checks = new Checks(invariants, extra);
  const teardown = o.teardown ?? true;
  const perms = symmetry ? permutations(scope.nrCpus) : [permutations(scope.nrCpus)[0]!];
  const mirrors = perms.slice(1);
  const options = { invariants: checks.invariants, checks: checks.extra, keepStates: false };
  const world = worldOf(scope);
  const b: Brancher = checks.quiet(() => brancher(design, world, options, o.useClone ?? true));

  // The tree of first discoveries: node 0 is the initial state.
  const parent: number[] = [-1];
  const action: (Action | null)[] = [null];
  const childStart: number[] = [];
  const childEnd: number[] = [];
  const visited = o.exactKeys ? exactSet() : new FingerprintSet();
  const violations = new Map<string, Violation>();
  const levels: LevelStats[] = [];
  let transitions = 0;
  let teardowns = 0;
  let levelTransitions = 0;
  let stopped: ExploreResult['stopped'] = null;
  let depthCompleted = -1;
  let peakRss = 0;
  let peakHeap = 0;
  const precharge = { perCpu: { bytes: 0, node: 0 }, perHolder: { bytes: 0, node: 0 } };

  const pathOf = (n: number): Action[] => {
    const out: Action[] = [];
    for (let k = n; k > 0; k = parent[k]!) out.push(action[k]!);
    return out.reverse();
  };
  const propertyOf = (check: string): string =>
    (findProperty(check) ?? props.find((p) => p.invariants.includes(check as InvariantName) || p.checks?.some((c) => c.name === check)))?.name ?? 'refinement';
  const record = (check: string, actions: Action[], inTeardown: boolean, step: number, message: string): void => {
    if (violations.has(check)) return;
    violations.set(check, { check, property: propertyOf(check), depth: actions.length, actions, inTeardown, step, message, proven: true });
    checks.found(check);
  };
  const branch = (h: Harness, n: number): Harness => (b.clones ? b.branch(h, () => []) : checks.quiet(() => b.branch(h, () => pathOf(n))));
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const budget = (): void => {
    if (o.maxStates !== undefined && parent.length >= o.maxStates) throw new Stop('max-states');
    if (o.maxMs !== undefined && performance.now() - t0 > o.maxMs) throw new Stop('time');
  };

  /**
   * Show `h`'s state to the extra checks as a fresh harness's constructor
   * would (no step before it), before its first checked step. Checks that
   * remember something per harness (objection 3 keeps the spec of the
   * previous step) then start from this state, as they would on a harness
   * that had run the path with checks on. Their verdict here was already
   * given on the step that reached this state.
   */
  const prime = (h: Harness): Harness => {
    for (const c of checks.extra) c.check({ h, before: null, after: h.state, effect: { failedCharge: false }, action: null });
    return h;
  };

  /** Every check that fails after the step `h` just took, beyond `first`. */
  const recheck = (h: Harness, before: Harness['state'], effect: { failedCharge: boolean }, a: Action, path: Action[], first: InvariantViolation): void => {
    for (let v: InvariantViolation | null = first; v; ) {
      record(v.invariant, path, false, v.step, v.detail);
      try {
        checkStep(h, before, effect, v.step, v.call, a);
        v = null;
      } catch (e) {
        if (!(e instanceof InvariantViolation)) throw e;
        v = e;
      }
    }
  };

  /** A harness in node `n`'s state, re-executed from the root (checks off). */
  const fresh = (n: number): Harness =>
    checks.quiet(() => {
      const h = b.root();
      for (const a of pathOf(n)) applyStep(h, a);
      return h;
    });

  /**
   * Run the teardown from node `n`'s state, given in `h`, which it uses up;
   * again on a fresh copy after each violation, until it passes every
   * remaining check. With symmetry, the mirror image must end the same way.
   */
  const checkTeardown = (h: Harness, n: number): void => {
    for (let first = true; ; first = false) {
      const run = first ? h : fresh(n);
      const views = mirrors.map((perm) => prime(viewHarness(branch(run, n), perm)));
      teardowns += 1 + views.length;
      const got = teardownOutcome(prime(run));
      for (const v of views) if (nameOf(teardownOutcome(v)) !== nameOf(got)) throw new SymmetryBroken(pathOf(n));
      if (got === null || violations.has(nameOf(got)!)) return;
      if (got instanceof DesignError) return record('design-error', pathOf(n), true, got.step, got.message);
      record(got.invariant, pathOf(n), true, got.step, got.detail);
    }
  };

  /** A state reached for the first time: note its pre-charge, then run the teardown on `h` (used up). */
  const discovered = (h: Harness, n: number): void => {
    notePrecharge(h, n);
    if (teardown) checkTeardown(h, n);
  };

  /** Expand node `n` (state `h`, used up): every enabled action, each checked; new states become nodes. */
  const expand = (n: number, h: Harness): void => {
    const actions = enabledActions(h, scope);
    childStart[n] = parent.length;
    actions.forEach((a, i) => {
      const hc = prime(i === actions.length - 1 ? h : branch(h, n));
      const before = hc.state;
      transitions++;
      levelTransitions++;
      if ((transitions & 2047) === 0) sample();
      if ((transitions & 255) === 0) budget();
      let out;
      try {
        out = applyStep(hc, a);
      } catch (e) {
        if (!(e instanceof DesignError)) throw e;
        record('design-error', [...pathOf(n), a], false, e.step, e.message);
        return;
      }
      if (out.violation) recheck(hc, before, out.effect, a, [...pathOf(n), a], out.violation);
      if (!visited.add(canonicalKey(hc, perms))) return;
      parent.push(n);
      action.push(a);
      discovered(hc, parent.length - 1);
      if (o.maxStates !== undefined && parent.length >= o.maxStates) budget();
    });
    childEnd[n] = parent.length;
  };

  const notePrecharge = (h: Harness, n: number): void => {
    const perCpu = new Map<number, number>();
    for (const p of h.state.precharged) {
      if (p.cpu === null) {
        if (p.bytes > precharge.perHolder.bytes) precharge.perHolder = { bytes: p.bytes, node: n };
      } else perCpu.set(p.cpu, (perCpu.get(p.cpu) ?? 0) + p.bytes);
    }
    for (const bytes of perCpu.values()) if (bytes > precharge.perCpu.bytes) precharge.perCpu = { bytes, node: n };
  };

  /** Walk the tree to depth `target`, re-executing first-discovery edges, and expand each node there. */
  const walk = (n: number, h: Harness, d: number, target: number): void => {
    if (d === target) return expand(n, h);
    const end = childEnd[n] ?? childStart[n] ?? 0;
    for (let c = childStart[n] ?? end; c < end; c++) {
      const hc = c === end - 1 ? h : branch(h, n);
      checks.quiet(() => applyStep(hc, action[c]!));
      walk(c, hc, d + 1, target);
    }
  };

  const level = (depth: number, states: number, levelTransitionsInto: number): void => {
    sample();
    const l: LevelStats = { depth, states, transitions: levelTransitionsInto, elapsedMs: performance.now() - t0, peakRssBytes: peakRss };
    levels.push(l);
    o.onLevel?.(l);
  };

  try {
    // The initial state: constructing the root checks nothing (checks are off); check it here.
    const root = checks.quiet(() => b.root());
    for (;;) {
      try {
        checkStep(root, null, { failedCharge: false }, 0, 'initial state', null);
        break;
      } catch (e) {
        if (!(e instanceof InvariantViolation)) throw e;
        record(e.invariant, [], false, 0, e.detail);
      }
    }
    visited.add(canonicalKey(root, perms));
    discovered(root, 0);
    depthCompleted = 0;
    level(0, 1, 0);
    // Expanding depth d completes depth d + 1: its steps and its new states' teardowns.
    for (let d = 0; d < o.depth; d++) {
      if (o.stopWhenAllViolated && checks.done()) {
        stopped = 'all-violated';
        break;
      }
      const start = parent.length;
      levelTransitions = 0;
      walk(0, checks.quiet(() => b.root()), 0, d);
      depthCompleted = d + 1;
      level(d + 1, parent.length - start, levelTransitions);
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    stopped = e.why;
    sample();
  }

  const reach = (r: { bytes: number; node: number }): PrechargeReach => ({ bytes: r.bytes, actions: pathOf(r.node) });
  const order = [...checks.names(), 'design-error'];
  return {
    design: design.info.name,
    scope,
    depth: o.depth,
    depthCompleted,
    stopped,
    states: parent.length,
    collisionBound: o.exactKeys ? 0 : collisionBound(parent.length),
    transitions,
    teardowns,
    levels,
    violations: [...violations.values()]
      .map((v) => ({ ...v, proven: v.depth <= depthCompleted + 1 }))
      .sort((x, y) => order.indexOf(x.check) - order.indexOf(y.check)),
    checks: checks.names(),
    precharge: { perCpu: reach(precharge.perCpu), perHolder: reach(precharge.perHolder) },
    symmetry: { used: symmetry, note },
    branching: b.clones ? 'clone' : 'replay',
    elapsedMs: performance.now() - t0,
    peakRssBytes: peakRss,
    peakHeapBytes: peakHeap,
  };
}

/** A Set of whole keys with FingerprintSet's add(). */
function exactSet(): { add(key: string): boolean } {
  const set = new Set<string>();
  return { add: (key) => set.size !== set.add(key).size };
}

function nameOf(outcome: InvariantViolation | DesignError | null): string | null {
  return outcome === null ? null : outcome instanceof DesignError ? 'design-error' : outcome.invariant;
}

/** Run the teardown on `h` (a branch) and return how it failed, or null. */
function teardownOutcome(h: Harness): InvariantViolation | DesignError | null {
  try {
    teardownAndCheck(h);
    return null;
  } catch (e) {
    if (e instanceof InvariantViolation || e instanceof DesignError) return e;
    throw e;
  }
}

/*
 * Breadth-first exploration of every action sequence up to a depth, over
 * a finite scope, like TLC's model checking: each distinct state (up to
 * the canonical key) is expanded once, every transition is executed and
 * checked, and the first violation of each check is, by construction, at
 * the least depth at which any sequence violates it.
 *
 * What is checked, and where:
 *   - the initial state;
 *   - every per-step check (invariants and the properties' extra checks)
 *     on every transition, whether or not it leads to a new state (the
 *     step checks compare the states before and after);
 *   - the quiescence teardown from every distinct state, when it is first
 *     reached, with every check on, exactly as the random runner does
 *     after a sequence.
 * A sequence of n actions that fails, in a step or in the teardown after
 * it, is a counterexample of length n, the runner's `length`. Expanding
 * the states at depth d completes depth d + 1.
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
import { checkStep, type InvariantName } from '../invariants.ts';
import { findProperty, PROPERTIES, type PropertyDef } from '../properties.ts';
import { teardownAndCheck } from '../quiescence.ts';
import { applyStep, brancher, type Brancher } from './branch.ts';
import { canonicalFingerprint, canonicalKey, permutations } from './canonical.ts';
import { Checks } from './checks.ts';
import { viewHarness } from './cpu-view.ts';
import { collisionBound, FingerprintSet } from './fingerprint.ts';
import { HashSink } from './key-sink.ts';
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
  /** Stop as soon as every check has its shortest violation (nothing more to find; default false). */
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
  if (!o.symmetry) return new Search(design, o, scope, false, "off: exact key (spec, driver state, snapshot and the design's object graph)").run();
  if (scope.nrCpus !== 2)
    return new Search(design, o, scope, false, `off: ${scope.nrCpus} CPU(s), and only 2 are symmetric under every op (cpu_down moves tasks to the lowest other CPU)`).run();
  try {
    return new Search(design, o, scope, true, 'cpu0 and cpu1 interchangeable; snapshot key (checked on every teardown)').run();
  } catch (e) {
    if (!(e instanceof SymmetryBroken)) throw e;
    const note = `off: the teardown after a ${e.actions.length}-step sequence differs from its mirror image, so CPU symmetry does not hold for this design`;
    return new Search(design, o, scope, false, note).run();
  }
}

/** The tree of first discoveries: node 0 is the initial state; children of a node are contiguous. */
class Tree {
  readonly parent: number[] = [-1];
  readonly action: (Action | null)[] = [null];
  readonly childStart: number[] = [];
  readonly childEnd: number[] = [];

  get size(): number {
    return this.parent.length;
  }

  add(parent: number, a: Action): number {
    this.parent.push(parent);
    this.action.push(a);
    return this.parent.length - 1;
  }

  pathOf(n: number): Action[] {
    const out: Action[] = [];
    for (let k = n; k > 0; k = this.parent[k]!) out.push(this.action[k]!);
    return out.reverse();
  }
}

/** One exploration; `run()` once. */
class Search {
  private readonly t0 = performance.now();
  private readonly props: readonly PropertyDef[];
  private readonly checks: Checks;
  private readonly perms: number[][];
  private readonly b: Brancher;
  private readonly tree = new Tree();
  private readonly fingerprints = new FingerprintSet();
  private readonly exact: Set<string> | null;
  private readonly sink = new HashSink();
  private readonly violations = new Map<string, Violation>();
  private readonly levels: LevelStats[] = [];
  private transitions = 0;
  private levelTransitions = 0;
  private teardowns = 0;
  private depthCompleted = -1;
  private stopped: ExploreResult['stopped'] = null;
  private peakRss = 0;
  private peakHeap = 0;
  private readonly precharge = { perCpu: { bytes: 0, node: 0 }, perHolder: { bytes: 0, node: 0 } };

  constructor(
    private readonly design: Design,
    private readonly o: ExploreOptions,
    private readonly scope: Scope,
    private readonly symmetry: boolean,
    private readonly note: string,
  ) {
    this.props = o.properties ?? PROPERTIES.filter((p) => p.name === 'refinement');
    const invariants = [...new Set(this.props.flatMap((p) => p.invariants))];
    const extra = [...new Map(this.props.flatMap((p) => p.checks ?? []).map((c) => [c.name, c])).values()];
    this.checks = new Checks(invariants, extra);
    this.perms = symmetry ? permutations(scope.nrCpus) : [permutations(scope.nrCpus)[0]!];
    this.exact = o.exactKeys ? new Set() : null;
    const options = { invariants: this.checks.invariants, checks: this.checks.extra, keepStates: false };
    this.b = this.checks.quiet(() => brancher(design, worldOf(scope), options, o.useClone ?? true));
  }

  run(): ExploreResult {
    try {
      this.initial();
      // Expanding depth d completes depth d + 1: its steps and its new states' teardowns.
      for (let d = 0; d < this.o.depth; d++) {
        if (this.o.stopWhenAllViolated && this.checks.done()) {
          this.stopped = 'all-violated';
          break;
        }
        const start = this.tree.size;
        this.levelTransitions = 0;
        this.walk(0, this.checks.quiet(() => this.b.root()), 0, d);
        this.depthCompleted = d + 1;
        this.level(d + 1, this.tree.size - start, this.levelTransitions);
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.stopped = e.why;
      this.sample();
    }
    return this.result();
  }

  /** The initial state: constructing the root checks nothing (checks are off), so check it here. */
  private initial(): void {
    const root = this.checks.quiet(() => this.b.root());
    for (;;) {
      try {
        checkStep(root, null, { failedCharge: false }, 0, 'initial state', null);
        break;
      } catch (e) {
        if (!(e instanceof InvariantViolation)) throw e;
        this.record(e.invariant, [], false, 0, e.detail);
      }
    }
    this.isNew(root);
    this.discovered(root, 0);
    this.depthCompleted = 0;
    this.level(0, 1, 0);
  }

  /** Walk the tree to depth `target`, re-executing first-discovery edges, and expand each node there. */
  private walk(n: number, h: Harness, d: number, target: number): void {
    if (d === target) return this.expand(n, h);
    const end = this.tree.childEnd[n] ?? this.tree.childStart[n] ?? 0;
    for (let c = this.tree.childStart[n] ?? end; c < end; c++) {
      const hc = c === end - 1 ? h : this.branch(h, n);
      this.checks.quiet(() => applyStep(hc, this.tree.action[c]!));
      this.walk(c, hc, d + 1, target);
    }
  }

  /** Expand node `n` (state `h`, used up): every enabled action, each checked; new states become nodes. */
  private expand(n: number, h: Harness): void {
    const actions = enabledActions(h, this.scope);
    this.tree.childStart[n] = this.tree.size;
    actions.forEach((a, i) => {
      const hc = this.checks.prime(i === actions.length - 1 ? h : this.branch(h, n));
      const before = hc.state;
      this.transitions++;
      this.levelTransitions++;
      if ((this.transitions & 2047) === 0) this.sample();
      if ((this.transitions & 255) === 0) this.budget();
      let out;
      try {
        out = applyStep(hc, a);
      } catch (e) {
        if (!(e instanceof DesignError)) throw e;
        this.record('design-error', [...this.tree.pathOf(n), a], false, e.step, e.message);
        return;
      }
      if (out.violation) this.recheck(hc, before, out.effect, a, [...this.tree.pathOf(n), a], out.violation);
      if (this.isNew(hc)) this.discovered(hc, this.tree.add(n, a));
      if (this.o.maxStates !== undefined && this.tree.size >= this.o.maxStates) this.budget();
      // Breadth first: once every check has a violation nothing shorter is left to find, so stop mid-level if asked.
      if (this.o.stopWhenAllViolated && this.checks.done()) throw new Stop('all-violated');
    });
    this.tree.childEnd[n] = this.tree.size;
  }

  /** Record every check that fails after the step `h` just took: `first`, then the rest. */
  private recheck(h: Harness, before: Harness['state'], effect: { failedCharge: boolean }, a: Action, path: Action[], first: InvariantViolation): void {
    for (let v: InvariantViolation | null = first; v; ) {
      this.record(v.invariant, path, false, v.step, v.detail);
      try {
        checkStep(h, before, effect, v.step, v.call, a);
        v = null;
      } catch (e) {
        if (!(e instanceof InvariantViolation)) throw e;
        v = e;
      }
    }
  }

  /** Add `h`'s state to those seen; true if it is new. */
  private isNew(h: Harness): boolean {
    if (this.exact) return this.exact.size !== this.exact.add(canonicalKey(h, this.perms)).size;
    const [lo, hi] = canonicalFingerprint(h, this.perms, this.sink);
    return this.fingerprints.addFingerprint(lo, hi);
  }

  /** A state reached for the first time: note its pre-charge, then run the teardown on `h` (used up). */
  private discovered(h: Harness, n: number): void {
    this.notePrecharge(h, n);
    if (this.o.teardown ?? true) this.checkTeardown(h, n);
  }

  /**
   * Run the teardown from node `n`'s state, given in `h`, which it uses up;
   * again on a fresh copy after each violation, until it passes every
   * remaining check. With symmetry, the mirror image must end the same way.
   */
  private checkTeardown(h: Harness, n: number): void {
    for (let first = true; ; first = false) {
      const run = first ? h : this.fresh(n);
      const views = this.perms.slice(1).map((perm) => this.checks.prime(viewHarness(this.branch(run, n), perm)));
      this.teardowns += 1 + views.length;
      const got = teardownOutcome(this.checks.prime(run));
      for (const v of views) if (nameOf(teardownOutcome(v)) !== nameOf(got)) throw new SymmetryBroken(this.tree.pathOf(n));
      if (got === null || this.violations.has(nameOf(got)!)) return;
      if (got instanceof DesignError) return this.record('design-error', this.tree.pathOf(n), true, got.step, got.message);
      this.record(got.invariant, this.tree.pathOf(n), true, got.step, got.detail);
    }
  }

  private notePrecharge(h: Harness, n: number): void {
    const perCpu = new Map<number, number>();
    for (const p of h.state.precharged) {
      if (p.cpu === null) {
        if (p.bytes > this.precharge.perHolder.bytes) this.precharge.perHolder = { bytes: p.bytes, node: n };
      } else perCpu.set(p.cpu, (perCpu.get(p.cpu) ?? 0) + p.bytes);
    }
    for (const bytes of perCpu.values()) if (bytes > this.precharge.perCpu.bytes) this.precharge.perCpu = { bytes, node: n };
  }

  /** An independent harness in `h`'s state (node `n`). */
  private branch(h: Harness, n: number): Harness {
    return this.b.clones ? this.b.branch(h, () => []) : this.checks.quiet(() => this.b.branch(h, () => this.tree.pathOf(n)));
  }

  /** A harness in node `n`'s state, re-executed from the root (checks off). */
  private fresh(n: number): Harness {
    return this.checks.quiet(() => {
      const h = this.b.root();
      for (const a of this.tree.pathOf(n)) applyStep(h, a);
      return h;
    });
  }

  private record(check: string, actions: Action[], inTeardown: boolean, step: number, message: string): void {
    if (this.violations.has(check)) return;
    this.violations.set(check, { check, property: this.propertyOf(check), depth: actions.length, actions, inTeardown, step, message, proven: true });
    this.checks.found(check);
  }

  /** The property a violation of `check` replays with: the check's own, else one that has it. */
  private propertyOf(check: string): string {
    const own = findProperty(check);
    const having = this.props.find((p) => p.invariants.includes(check as InvariantName) || p.checks?.some((c) => c.name === check));
    return (own ?? having)?.name ?? 'refinement';
  }

  private level(depth: number, states: number, transitions: number): void {
    this.sample();
    const l: LevelStats = { depth, states, transitions, elapsedMs: performance.now() - this.t0, peakRssBytes: this.peakRss };
    this.levels.push(l);
    this.o.onLevel?.(l);
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
  }

  private budget(): void {
    if (this.o.maxStates !== undefined && this.tree.size >= this.o.maxStates) throw new Stop('max-states');
    if (this.o.maxMs !== undefined && performance.now() - this.t0 > this.o.maxMs) throw new Stop('time');
  }

  private result(): ExploreResult {
    const reach = (r: { bytes: number; node: number }): PrechargeReach => ({ bytes: r.bytes, actions: this.tree.pathOf(r.node) });
    const order = [...this.checks.names(), 'design-error'];
    return {
      design: this.design.info.name,
      scope: this.scope,
      depth: this.o.depth,
      depthCompleted: this.depthCompleted,
      stopped: this.stopped,
      states: this.tree.size,
      collisionBound: this.exact ? 0 : collisionBound(this.tree.size),
      transitions: this.transitions,
      teardowns: this.teardowns,
      levels: this.levels,
      violations: [...this.violations.values()]
        .map((v) => ({ ...v, proven: v.depth <= this.depthCompleted + 1 }))
        .sort((x, y) => order.indexOf(x.check) - order.indexOf(y.check)),
      checks: this.checks.names(),
      precharge: { perCpu: reach(this.precharge.perCpu), perHolder: reach(this.precharge.perHolder) },
      symmetry: { used: this.symmetry, note: this.note },
      branching: this.b.clones ? 'clone' : 'replay',
      elapsedMs: performance.now() - this.t0,
      peakRssBytes: this.peakRss,
      peakHeapBytes: this.peakHeap,
    };
  }
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

/*
 * The checks an exploration runs: the invariants and extra per-step
 * checks of the properties explored, in containers that every harness of
 * the exploration shares through its options, so that one switch turns
 * them off while already checked paths are re-executed, and a check whose
 * shortest violation is known stops being checked anywhere.
 */

import type { Harness } from '../harness.ts';
import type { InvariantName, StepCheck } from '../invariants.ts';

/** The checks an exploration runs, shared by every harness it builds. */
export class Checks {
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

  /**
   * Show `h`'s state to the extra checks as a fresh harness's constructor
   * would (no step before it), before its first checked step. Checks that
   * remember something per harness (objection 3 keeps the spec of the
   * previous step) then start from this state, as they would on a harness
   * that had run the path with checks on. Their verdict here was already
   * given on the step that reached this state.
   */
  prime(h: Harness): Harness {
    for (const c of this.extra) c.check({ h, before: null, after: h.state, effect: { failedCharge: false }, action: null });
    return h;
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


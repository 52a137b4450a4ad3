/*
 * Branching: a second harness in the same state as a first one, so that
 * the explorer can try every action from one state.
 *
 * With `DesignInstance.clone()` a branch is a copy: the design is cloned,
 * the driver's bookkeeping copied, the spec and the last snapshot shared
 * (both are immutable values). Without it, a branch re-executes the path
 * of actions from a fresh instance, which costs one step per level.
 *
 * Branches are built without running the Harness constructor (which would
 * create a design and snapshot it only to throw both away); `HARNESS_FIELDS`
 * lists what a Harness holds, and branch.test.ts checks it against a
 * constructed Harness so that a new field cannot be missed silently.
 */

import type { Design, DesignInstance, WorldConfig } from '../../src/design.ts';
import type { Action } from '../actions.ts';
import { OPS, withResult } from '../commands/index.ts';
import { Harness, InvariantViolation, type Env, type HarnessOptions } from '../harness.ts';
import type { StepEffect } from '../invariants.ts';

/** The own fields of a Harness; branch.test.ts keeps this list honest. */
export const HARNESS_FIELDS = ['designDef', 'config', 'options', 'trace', 'steps', 'teardownFrom', 'spec', 'env', 'design', 'state'] as const;

export function copyEnv(env: Env): Env {
  return {
    config: env.config,
    online: [...env.online],
    taskCpu: new Map(env.taskCpu),
    objects: new Map(env.objects),
    users: new Map([...env.users].map(([n, u]) => [n, { origin: u.origin, objs: new Set(u.objs) }])),
    cgroupOrder: [...env.cgroupOrder],
    nextObj: env.nextObj,
    nextPage: env.nextPage,
    nextUser: env.nextUser,
  };
}

/** A harness on `design` in `h`'s state (same spec, env copy, empty trace). */
export function harnessWith(h: Harness, design: DesignInstance, env: Env = copyEnv(h.env)): Harness {
  const c = Object.create(Harness.prototype) as Harness;
  const fields: Record<(typeof HARNESS_FIELDS)[number], unknown> = {
    designDef: h.designDef,
    config: h.config,
    options: h.options,
    trace: [],
    steps: h.steps,
    teardownFrom: null,
    spec: h.spec,
    env,
    design,
    state: h.state,
  };
  return Object.assign(c, fields);
}

export interface StepOutcome {
  readonly effect: StepEffect;
  /** The first enabled check that failed after the step (which completed), or null. */
  readonly violation: InvariantViolation | null;
}

/**
 * Apply `a` as one harness step, with the checks the harness's options
 * enable. Unlike runAction, it returns the step's effect (which failed-charge
 * needs to re-check) and a violation found after the step instead of
 * throwing it; a DesignError still throws.
 */
export function applyStep(h: Harness, a: Action): StepOutcome {
  const d = OPS[a.op] as { apply(a: Action, h: Harness): { result: string; failedCharge: boolean }; format(a: Action): string };
  let effect: StepEffect = { failedCharge: false };
  let result = '';
  try {
    h.step(
      a,
      () => withResult(d.format(a), result),
      () => {
        const r = d.apply(a, h);
        result = r.result;
        effect = r;
        return r;
      },
    );
  } catch (e) {
    if (e instanceof InvariantViolation && h.trace.at(-1)?.n === h.steps) return { effect, violation: e };
    throw e;
  }
  return { effect, violation: null };
}

export interface Brancher {
  /** True when branches are copies (the design has clone()). */
  readonly clones: boolean;
  /** A fresh harness in the initial state. */
  root(): Harness;
  /** An independent harness in the state of `h`, which `path` (from the root) reached. */
  branch(h: Harness, path: () => readonly Action[]): Harness;
}

/**
 * Branches for `design`: copies when its instances have clone() (and
 * `useClone` is not false), re-execution of the path otherwise. Harnesses
 * share `options`, so the caller decides which checks run.
 */
export function brancher(design: Design, config: WorldConfig, options: HarnessOptions, useClone = true): Brancher {
  const root = (): Harness => new Harness(design, config, options);
  const probe = root();
  const clones = useClone && typeof probe.design.clone === 'function';
  return {
    clones,
    root,
    branch(h, path) {
      if (clones) return harnessWith(h, h.design.clone!());
      const fresh = root();
      for (const a of path()) applyStep(fresh, a);
      return fresh;
    },
  };
}

/*
 * The harness: one design instance driven step by step beside the
 * reference model, with the invariants checked after every step.
 *
 * `Harness` holds both sides. The reference side is the spec state
 * (models/memcg-spec.ts) plus the bookkeeping the spec deliberately leaves
 * out but the driver needs to generate valid calls: which CPUs are online,
 * where tasks run, which objects are slab objects, kmem pages or user
 * charges, which kernel users hold which obj_cgroup. None of it copies a
 * design's state.
 *
 * A step is an `Action` (properties/actions.ts): applying it calls the
 * design and the spec, then every enabled invariant compares the design's
 * snapshot with the spec. A violation throws `InvariantViolation`, naming
 * the invariant, the step and what was expected and found.
 */

import type { CgroupName, Design, DesignInstance, DesignState, ObjName, TaskName, UserName, WorldConfig } from '../src/design.ts';
import * as spec from '../models/memcg-spec.ts';
import { validateWorld } from '../src/config.ts';
import { checkStep, type InvariantName, type StepCheck } from './invariants.ts';
import type { Action } from './actions.ts';

export type ObjKind = 'slab' | 'user' | 'page';

export interface EnvObject {
  readonly kind: ObjKind;
  /** For user charges: the user that charged it. For pages: the order. */
  readonly user?: UserName;
  readonly order?: number;
}

export interface EnvUser {
  /** The cgroup whose obj_cgroup the user took. */
  readonly origin: CgroupName;
  readonly objs: Set<ObjName>;
}

/** Driver bookkeeping beside the spec: everything needed to generate calls. */
export interface Env {
  readonly config: WorldConfig;
  readonly online: boolean[];
  readonly taskCpu: Map<TaskName, number>;
  readonly objects: Map<ObjName, EnvObject>;
  readonly users: Map<UserName, EnvUser>;
  /** Cgroups in creation order (dead ones included). */
  readonly cgroupOrder: CgroupName[];
  nextObj: number;
  nextPage: number;
  nextUser: number;
}

/** One executed step, as the trace prints it. */
export interface TraceStep {
  readonly n: number;
  readonly call: string;
  readonly state: DesignState;
}

export class InvariantViolation extends Error {
  constructor(
    /** An invariant, or the name of an extra check. */
    readonly invariant: InvariantName | string,
    readonly step: number,
    readonly call: string,
    readonly detail: string,
  ) {
    super(`invariant ${invariant} violated at step ${step} (${call}): ${detail}`);
    this.name = 'InvariantViolation';
  }
}

/** A design method threw: the design is broken, not the property. */
export class DesignError extends Error {
  constructor(
    readonly step: number,
    readonly call: string,
    readonly original: unknown,
  ) {
    super(`design error at step ${step} (${call}): ${original instanceof Error ? original.message : String(original)}`);
    this.name = 'DesignError';
  }
}

export interface HarnessOptions {
  /** Invariants checked after every step. */
  readonly invariants: ReadonlySet<InvariantName>;
  /** Further named per-step checks (objection properties), after the invariants. */
  readonly checks?: readonly StepCheck[];
  /** Keep every step's state in `trace` (for reports); otherwise only the call. */
  readonly keepStates?: boolean;
}

export class Harness {
  spec: spec.SpecState;
  readonly env: Env;
  readonly design: DesignInstance;
  /** Snapshot after the last step. */
  state: DesignState;
  readonly trace: TraceStep[] = [];
  steps = 0;
  /** Steps after this one belong to the quiescence teardown. */
  teardownFrom: number | null = null;

  constructor(
    readonly designDef: Design,
    readonly config: WorldConfig,
    readonly options: HarnessOptions,
  ) {
    validateWorld(config);
    this.spec = spec.init(config);
    this.env = {
      config,
      online: Array.from({ length: config.nrCpus }, () => true),
      taskCpu: new Map(config.tasks.map((t) => [t.name, t.cpu])),
      objects: new Map(),
      users: new Map(),
      cgroupOrder: ['root', ...config.cgroups.map((c) => c.name)],
      nextObj: 1,
      nextPage: 1,
      nextUser: 1,
    };
    this.design = this.guard(0, 'create', () => designDef.create(config));
    this.state = this.guard(0, 'snapshot', () => this.design.snapshot());
    checkStep(this, null, { failedCharge: false }, 0, 'initial state', null);
  }

  /** Run `act` (which performs `action`) as step n+1: act on both sides, snapshot, check invariants. */
  step(action: Action, call: () => string, act: () => { failedCharge: boolean }): void {
    const n = ++this.steps;
    const before = this.state;
    let effect: { failedCharge: boolean };
    try {
      effect = act();
    } catch (e) {
      if (e instanceof InvariantViolation || e instanceof DesignError) throw e;
      throw new DesignError(n, call(), e);
    }
    const label = call();
    this.state = this.guard(n, label, () => this.design.snapshot());
    this.trace.push({ n, call: label, state: this.options.keepStates ? this.state : EMPTY_STATE });
    checkStep(this, before, effect, n, label, action);
  }

  /** Call into the design; a throw becomes a DesignError at step n. */
  guard<T>(n: number, call: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof InvariantViolation || e instanceof DesignError) throw e;
      throw new DesignError(n, call, e);
    }
  }

  /* ------------------------------------------------ names and lookups */

  newObj(): ObjName {
    return `o${this.env.nextObj++}`;
  }
  newPage(): ObjName {
    return `p${this.env.nextPage++}`;
  }
  newUser(): UserName {
    return `u${this.env.nextUser++}`;
  }
  /** The name the next mkdir gets: C, D, ... Z, then C1, D1, ...; never reused. */
  newCgroupPeek(): CgroupName {
    const used = new Set(this.env.cgroupOrder);
    for (let k = 0; ; k++) {
      const name = String.fromCharCode(67 + (k % 24)) + (k >= 24 ? String(Math.floor(k / 24)) : '');
      if (!used.has(name)) return name;
    }
  }

  onlineCpus(): number[] {
    return this.env.online.flatMap((on, cpu) => (on ? [cpu] : []));
  }
  liveCgroups(): CgroupName[] {
    return this.env.cgroupOrder.filter((c) => this.spec.cgroups.get(c)?.alive);
  }
  tasks(): TaskName[] {
    return [...this.env.taskCpu.keys()];
  }
  taskCgroup(task: TaskName): CgroupName {
    return this.spec.tasks.get(task)!;
  }
  liveObjects(kind: ObjKind): ObjName[] {
    return [...this.env.objects].filter(([, o]) => o.kind === kind).map(([n]) => n);
  }
}

const EMPTY_STATE: DesignState = { memcgs: [], objcgs: [], cpus: [], tasks: [], precharged: [], warnings: [], forcedCharge: false };

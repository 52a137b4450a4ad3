/*
 * Jobs: every piece of work that runs design code, as plain data in and
 * plain data out, so that it can run in a worker (with a per-step time
 * limit) or on the main thread (--no-worker) with the same result.
 *
 * - check:  one property on one design (checkProperty); with path and
 *           replayPath it is a replay.
 * - costs:  the cost-table figures (costs.ts).
 * - script: a script of kernel calls, one per line, on a harness with
 *           every invariant evaluated after every step.
 * - explore: a breadth-first exploration (properties/explore/).
 *
 * A job names its design by reference (bundled name or path) and loads it
 * itself: a Design is functions and cannot cross a thread boundary.
 */

import type { Design, DesignState } from '../design.ts';
import { defaultWorld } from '../config.ts';
import { checkProperty, type CheckOptions, type PropertyResult } from '../../properties/runner.ts';
import { explore, type ExploreOptions, type ExploreResult } from '../../properties/explore/bfs.ts';
import { DEFAULT_SCOPE } from '../../properties/explore/scope.ts';
import { findAnyProperty } from '../../properties/catalog.ts';
import { DesignError, Harness, InvariantViolation } from '../../properties/harness.ts';
import { INVARIANTS, checkStep, type InvariantName } from '../../properties/invariants.ts';
import { OPS, formatAction, parseAction, withResult } from '../../properties/commands/index.ts';
import { ScriptError, type Action, type OpDef } from '../../properties/actions.ts';
import { scriptLines } from '../../properties/notation.ts';
import { teardownAndCheck } from '../../properties/quiescence.ts';
import { measureCosts, type CostFigures, type CostOptions } from './costs.ts';
import { loadDesign } from './load-design.ts';
import { UsageError } from './io.ts';

/** A property check to run in a worker: the runner's options, plus what names the design and property. */
export interface CheckJob extends Pick<CheckOptions, 'seed' | 'numRuns' | 'maxCommands' | 'nrCpus' | 'path' | 'replayPath'> {
  readonly kind: 'check';
  readonly design: string;
  readonly cwd: string;
  readonly property: string;
}

export interface CostsJob {
  readonly kind: 'costs';
  readonly design: string;
  readonly cwd: string;
  readonly options: CostOptions;
}

export interface ScriptJob {
  readonly kind: 'script';
  readonly design: string;
  readonly cwd: string;
  readonly script: string;
  readonly nrCpus: number;
  readonly teardown: boolean;
}

/** An exploration (properties/explore/): its options, with the property named rather than given. */
export interface ExploreJob {
  readonly kind: 'explore';
  readonly design: string;
  readonly cwd: string;
  readonly options: Omit<ExploreOptions, 'properties' | 'onLevel'>;
  /** One property to explore (an invariant, refinement or an objection's); null: every invariant. */
  readonly property: string | null;
}

export type Job = CheckJob | CostsJob | ScriptJob | ExploreJob;

export type JobResult<J extends Job> = J extends CheckJob ? PropertyResult : J extends CostsJob ? CostFigures : J extends ExploreJob ? ExploreResult : ScriptRun;

export type Progress = (runs: number, steps: number) => void;

/** Run `job` on this thread; `wrap` instruments the design (the worker's step watch). */
export async function runJob<J extends Job>(job: J, onProgress: Progress = () => {}, wrap: (d: Design) => Design = (d) => d): Promise<JobResult<J>> {
  const loaded = await loadDesign(job.design, job.cwd);
  const design = wrap(loaded.design);
  const nrCpus = job.kind === 'costs' ? job.options.nrCpus : job.kind === 'explore' ? (job.options.scope?.nrCpus ?? DEFAULT_SCOPE.nrCpus) : job.nrCpus;
  checkSnapshotShape(design, nrCpus);
  switch (job.kind) {
    case 'check':
      return runCheck(design, job, onProgress) as JobResult<J>;
    case 'costs':
      return runCosts(design, job) as JobResult<J>;
    case 'script':
      return runScript(design, job) as JobResult<J>;
    case 'explore':
      return runExplore(design, job, onProgress) as JobResult<J>;
  }
}

/** Progress reports (depth completed, states so far) as (runs, steps). */
function runExplore(design: Design, job: ExploreJob, onProgress: Progress): ExploreResult {
  const prop = job.property === null ? null : findAnyProperty(job.property);
  if (prop === undefined) throw new UsageError(`unknown property "${job.property}"`);
  let states = 0;
  return explore(design, {
    ...job.options,
    ...(prop ? { properties: [prop] } : {}),
    onLevel: (l) => onProgress(l.depth, (states += l.states)),
  });
}

function runCheck(design: Design, job: CheckJob, onProgress: Progress): PropertyResult {
  const prop = findAnyProperty(job.property);
  if (!prop) throw new UsageError(`unknown property "${job.property}"`);
  return checkProperty(design, prop, {
    seed: job.seed,
    numRuns: job.numRuns,
    maxCommands: job.maxCommands,
    nrCpus: job.nrCpus,
    designRef: job.design,
    onProgress,
    ...(job.path !== undefined ? { path: job.path, replayPath: job.replayPath ?? '' } : {}),
  });
}

/** Costs of a design that throws are not figures: the checks report that design error. */
function runCosts(design: Design, job: CostsJob): CostFigures | null {
  try {
    return measureCosts(design, job.options);
  } catch (e) {
    if (e instanceof DesignError) return null;
    throw e;
  }
}

/**
 * The snapshot must have the DesignState shape, or the invariants would
 * fail with a TypeError inside the suite; say so in the design's terms.
 * A create() or snapshot() that throws is left to the checks, which report
 * it as a design error at step 0.
 */
export function checkSnapshotShape(design: Design, nrCpus: number): void {
  let s: unknown;
  try {
    s = design.create(defaultWorld(nrCpus)).snapshot();
  } catch {
    return;
  }
  const o = s as Record<string, unknown> | null;
  const bad = typeof o !== 'object' || o === null ? ['an object'] : ['memcgs', 'objcgs', 'cpus', 'tasks', 'precharged', 'warnings'].filter((k) => !Array.isArray(o[k]));
  if (bad.length)
    throw new UsageError(`design ${design.info.name}: snapshot() must return a DesignState (src/design.ts); missing or not an array: ${bad.join(', ')}`);
}

/* ---------------------------------------------------------------- scripts */

export interface Verdict {
  readonly invariant: string;
  readonly message: string;
}

export interface ScriptStep {
  /** Harness step number (1-based). */
  readonly n: number;
  /** Script line it came from; null for teardown steps. */
  readonly line: number | null;
  readonly call: string;
  readonly state: DesignState;
  /** Invariants violated after this step (empty: all hold). */
  readonly violations: readonly Verdict[];
  readonly teardown: boolean;
}

export interface ScriptRun {
  readonly design: string;
  readonly nrCpus: number;
  readonly initial: { readonly state: DesignState; readonly violations: readonly Verdict[] };
  readonly steps: readonly ScriptStep[];
  /** With --teardown, once the teardown ran to its end: null when quiescent, else what is left. Undefined otherwise. */
  readonly quiescence?: string | null;
  /** Why the run stopped early: a bad script line (exit 2) or a design that threw (exit 2). */
  readonly error: { readonly kind: 'script' | 'design'; readonly message: string } | null;
}

/** Evaluate each per-step invariant on its own, so one step can report several. */
function verdicts(h: Harness, enabled: Set<InvariantName>, before: DesignState | null, failedCharge: boolean, n: number, call: string, action: Action | null): Verdict[] {
  const out: Verdict[] = [];
  for (const inv of INVARIANTS) {
    if (inv === 'quiescence') continue;
    enabled.clear();
    enabled.add(inv);
    try {
      checkStep(h, before, { failedCharge }, n, call, action);
    } catch (e) {
      if (!(e instanceof InvariantViolation)) throw e;
      out.push({ invariant: e.invariant, message: e.detail });
    } finally {
      enabled.clear();
    }
  }
  return out;
}

/** Apply one action as a harness step, keeping its effect (runAction does not return it). */
function applyStep(h: Harness, a: Action): { failedCharge: boolean } {
  const d = OPS[a.op] as OpDef<typeof a.op, unknown>;
  let result = '';
  let effect = { failedCharge: false };
  h.step(
    a,
    () => withResult(formatAction(a), result),
    () => {
      const r = d.apply(a as never, h);
      result = r.result;
      effect = { failedCharge: r.failedCharge };
      return r;
    },
  );
  return effect;
}

export function runScript(design: Design, job: ScriptJob): ScriptRun {
  const config = defaultWorld(job.nrCpus);
  const enabled = new Set<InvariantName>();
  const steps: ScriptStep[] = [];
  const base = { design: design.info.name, nrCpus: job.nrCpus };
  let h: Harness;
  try {
    h = new Harness(design, config, { invariants: enabled, keepStates: true });
  } catch (e) {
    if (e instanceof DesignError) return { ...base, initial: { state: EMPTY, violations: [] }, steps, error: { kind: 'design', message: e.message } };
    throw e;
  }
  const initial = { state: h.state, violations: verdicts(h, enabled, null, false, 0, 'initial state', null) };
  const stop = (kind: 'script' | 'design', message: string): ScriptRun => ({ ...base, initial, steps, error: { kind, message } });
  for (const l of scriptLines(job.script)) {
    try {
      const a = parseAction(l.text, l.line, h);
      const before = h.state;
      const { failedCharge } = applyStep(h, a);
      const last = h.trace[h.trace.length - 1]!;
      steps.push({ n: last.n, line: l.line, call: last.call, state: last.state, violations: verdicts(h, enabled, before, failedCharge, last.n, last.call, a), teardown: false });
    } catch (e) {
      if (e instanceof ScriptError) return stop('script', e.message);
      if (e instanceof DesignError) return stop('design', e.message);
      throw e;
    }
  }
  if (!job.teardown) return { ...base, initial, steps, error: null };
  return teardown(h, enabled, { ...base, initial, steps, error: null });
}

/** The quiescence teardown with every invariant checked per step; stops at the first violation. */
function teardown(h: Harness, enabled: Set<InvariantName>, run: ScriptRun): ScriptRun {
  for (const inv of INVARIANTS) enabled.add(inv);
  let violation: InvariantViolation | null = null;
  let error: ScriptRun['error'] = null;
  try {
    teardownAndCheck(h);
  } catch (e) {
    if (e instanceof InvariantViolation) violation = e;
    else if (e instanceof DesignError) error = { kind: 'design', message: e.message };
    else throw e;
  }
  const from = h.teardownFrom ?? h.steps;
  const steps = h.trace
    .filter((t) => t.n > from)
    .map((t) => ({
      n: t.n,
      line: null,
      call: t.call,
      state: t.state,
      violations: violation && violation.invariant !== 'quiescence' && violation.step === t.n ? [{ invariant: violation.invariant, message: violation.detail }] : [],
      teardown: true,
    }));
  const quiescence = error || (violation && violation.invariant !== 'quiescence') ? undefined : (violation?.detail ?? null);
  return { ...run, steps: [...run.steps, ...steps], ...(quiescence !== undefined ? { quiescence } : {}), error };
}

const EMPTY: DesignState = { memcgs: [], objcgs: [], cpus: [], tasks: [], precharged: [], warnings: [], forcedCharge: false };

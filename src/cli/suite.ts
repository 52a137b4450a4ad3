/*
 * The suite: designs x properties through the job runner, each verdict
 * compared with what the design is documented to do, plus the cost
 * figures. verify, check and deep are this with different budgets and
 * printing.
 *
 * With a failure store, a property's stored token is replayed first: if it
 * still fails, that is the verdict (no search); if it passes, it is dropped
 * and the property is searched as usual. Every failure found is saved.
 */

import type { Verdict } from '../design.ts';
import { PROPERTIES, type PropertyDef } from '../../properties/properties.ts';
import type { PropertyResult } from '../../properties/runner.ts';
import { decodeToken, type ReplayToken } from '../../properties/replay-token.ts';
import { MAX_CPUS } from '../config.ts';
import type { CostFigures } from './costs.ts';
import type { FailureStore } from './failure-store.ts';
import type { JobRunner } from './job-runner.ts';
import { expectedVerdict, type LoadedDesign } from './load-design.ts';
import { propertySeed } from './options.ts';
import { EXIT, type CliIO } from './io.ts';
import type { ProgressLine } from './progress.ts';

export interface Budget {
  /** Sequences per property. */
  readonly runs: number;
  /** Most commands per sequence. */
  readonly steps: number;
  readonly seed: number;
  readonly cpus: number;
}

export interface SuiteOptions extends Budget {
  /** Where relative design paths are resolved (jobs reload designs by reference). */
  readonly cwd: string;
  readonly store: FailureStore | null;
  /** Measure the cost table's figures too. */
  readonly costs: boolean;
  readonly properties?: readonly PropertyDef[];
}

export interface CheckedProperty {
  readonly property: string;
  readonly result: PropertyResult;
  readonly expected: Verdict;
  /** The verdict is what the design is documented to do (matchesDocumented). */
  readonly asExpected: boolean;
  /** The verdict came from replaying a stored failure. */
  readonly fromStore: boolean;
}

export interface DesignReport {
  readonly loaded: LoadedDesign;
  readonly budget: Budget;
  readonly results: readonly CheckedProperty[];
  readonly costs: CostFigures | null;
}

/**
 * The verdict is what the design is documented to do. "n/a" (the property
 * says nothing about this design) matches a documented "holds": the design
 * is not claimed to fail it.
 */
export function matchesDocumented(r: PropertyResult, expected: Verdict): boolean {
  if (designError(r)) return false;
  return r.verdict === expected || (r.verdict === 'n/a' && expected === 'holds');
}

/** The failure, when the design threw rather than broke an invariant. */
export function designError(r: PropertyResult): string | null {
  const f = r.counterexample?.failure;
  return f && f.invariant === 'design-error' ? f.message : null;
}

type Tracker = (key: string) => (runs: number, steps: number) => void;

/** Run every property (and the costs) of every design; results in property order. */
export async function runSuite(designs: readonly LoadedDesign[], o: SuiteOptions, runner: JobRunner, progress: ProgressLine): Promise<DesignReport[]> {
  const props = o.properties ?? PROPERTIES;
  const counts = new Map<string, { runs: number; steps: number }>();
  let done = 0;
  const show = (force = false): void => {
    let runs = 0;
    let steps = 0;
    for (const c of counts.values()) ((runs += c.runs), (steps += c.steps));
    progress.update(`${done}/${designs.length * props.length} properties, ${runs} runs, ${steps} steps`, force);
  };
  const track: Tracker = (key) => (runs, steps) => {
    counts.set(key, { runs, steps });
    show();
  };
  const checkOne = async (loaded: LoadedDesign, prop: PropertyDef, i: number): Promise<CheckedProperty> => {
    const c = await propertyVerdict(loaded, prop, i, o, runner, track);
    done++;
    show(true);
    return c;
  };
  return Promise.all(
    designs.map(async (loaded) => {
      const results = Promise.all(props.map((prop, i) => checkOne(loaded, prop, i)));
      const costs = o.costs
        ? runner.run({ kind: 'costs', design: loaded.ref, cwd: o.cwd, options: { seed: o.seed, runs: o.runs, maxCommands: o.steps, nrCpus: o.cpus } }, loaded.design.info.name)
        : Promise.resolve(null);
      return { loaded, budget: { runs: o.runs, steps: o.steps, seed: o.seed, cpus: o.cpus }, results: await results, costs: await costs };
    }),
  );
}

/** One property of one design: its stored failure if that still fails, else a search (saving what it finds). */
async function propertyVerdict(loaded: LoadedDesign, prop: PropertyDef, i: number, o: SuiteOptions, runner: JobRunner, track: Tracker): Promise<CheckedProperty> {
  const onProgress = track(`${loaded.ref}/${prop.name}`);
  const token = o.store?.tokens(loaded.ref)[prop.name];
  let result = token === undefined ? null : await replayStored(runner, loaded, prop.name, token, o.cwd, onProgress);
  const fromStore = result !== null;
  if (token !== undefined && !fromStore) o.store?.drop(loaded.ref, prop.name);
  if (!result) {
    const job = { kind: 'check', design: loaded.ref, cwd: o.cwd, property: prop.name, seed: propertySeed(o.seed, i), numRuns: o.runs, maxCommands: o.steps, nrCpus: o.cpus } as const;
    result = await runner.run(job, loaded.design.info.name, onProgress);
    if (result.counterexample) o.store?.save(loaded.ref, prop.name, result.counterexample.replay);
  }
  onProgress(result.runs, result.steps);
  const expected = expectedVerdict(loaded, prop.name);
  return { property: prop.name, result, expected, asExpected: matchesDocumented(result, expected), fromStore };
}

/** A stored token's failure, or null when it no longer fails (or no longer applies). */
async function replayStored(
  runner: JobRunner,
  loaded: LoadedDesign,
  property: string,
  token: string,
  cwd: string,
  onProgress: (r: number, s: number) => void,
): Promise<PropertyResult | null> {
  let t: ReplayToken;
  try {
    t = decodeToken(token);
  } catch {
    return null;
  }
  if (t.property !== property || t.design !== loaded.ref || t.nrCpus < 1 || t.nrCpus > MAX_CPUS || t.maxCommands < 1) return null;
  const job = { kind: 'check', design: loaded.ref, cwd, property, seed: t.seed, numRuns: 1, maxCommands: t.maxCommands, nrCpus: t.nrCpus, path: t.path, replayPath: t.replayPath } as const;
  const r = await runner.run(job, loaded.design.info.name, onProgress);
  return r.verdict === 'fails' ? r : null;
}

/** 2 if a design threw, else 1 if any verdict is not as documented, else 0. */
export function exitCode(reports: readonly DesignReport[]): number {
  const all = reports.flatMap((r) => r.results);
  if (all.some((c) => designError(c.result))) return EXIT.USAGE;
  return all.every((c) => c.asExpected) ? EXIT.OK : EXIT.FAILED;
}

/** One stderr line per design that threw (the first error it raised). */
export function reportDesignErrors(reports: readonly DesignReport[], io: CliIO): void {
  for (const r of reports) {
    const first = r.results.map((c) => designError(c.result)).find((m) => m !== null);
    if (first) io.err(`memcg-verify: design ${r.loaded.design.info.name}: ${first}`);
  }
}

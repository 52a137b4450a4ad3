/*
 * How fast the random runner finds each known counterexample, and how
 * short it makes it: for every target and seeds 1..N,
 *   - find: runs and milliseconds until the first failing sequence (fast-check
 *     with endOnFailure, so without shrinking), the property exactly as the
 *     runner builds it;
 *   - shrink: the rest of a full checkProperty (fast-check's shrinking and
 *     the final 1-minimising pass), and the length of the trace it reports;
 * and, once per target, the shortest length the explorer finds within its
 * default scope (a time limit may leave it unknown).
 */

import fc from 'fast-check';
import { commandsArbitrary } from '../properties/commands/index.ts';
import { explore } from '../properties/explore/bfs.ts';
import { Harness } from '../properties/harness.ts';
import { teardownAndCheck } from '../properties/quiescence.ts';
import { checkProperty, worldFor } from '../properties/runner.ts';
import type { Target } from './targets.ts';

export interface SeedRun {
  readonly seed: number;
  /** Sequences run until the first failure (null: none within the budget). */
  readonly runs: number | null;
  readonly findMs: number;
  /** Full checkProperty time minus the find time. */
  readonly shrinkMs: number;
  /** Generated steps in the reported trace, and before the final pass. */
  readonly length: number | null;
  readonly shrunkLength: number | null;
}

export interface FirstFailureFigure {
  readonly target: string;
  readonly kind: Target['kind'];
  readonly seeds: readonly SeedRun[];
  readonly found: number;
  readonly runsMedian: number | null;
  readonly runsMax: number | null;
  readonly findMsMedian: number | null;
  readonly findMsMax: number | null;
  readonly shrinkMsMedian: number | null;
  readonly lengthMedian: number | null;
  readonly lengthMax: number | null;
  /** Shortest length by exploration (null: not reached within the limit), and the depth explored. */
  readonly shortest: number | null;
  readonly exploredDepth: number;
  readonly pinnedLength: number | null;
}

export interface FirstFailureOptions {
  readonly seeds: number;
  readonly numRuns: number;
  readonly nrCpus: number;
  /** Explorer budget per target; 0 skips exploration. */
  readonly exploreMs: number;
  readonly exploreDepth: number;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function max(xs: readonly number[]): number | null {
  return xs.length ? Math.max(...xs) : null;
}

/** Runs and milliseconds until the first failing sequence, without shrinking. */
export function timeToFind(t: Target, seed: number, numRuns: number, nrCpus: number): { runs: number | null; ms: number } {
  const config = worldFor({ nrCpus });
  let runs = 0;
  const property = fc.property(commandsArbitrary({ maxCommands: t.maxCommands }), (cmds) => {
    runs++;
    const h = new Harness(t.design, config, { invariants: new Set(t.property.invariants), checks: t.property.checks ?? [], keepStates: false });
    fc.modelRun(() => ({ model: h, real: h }), cmds);
    teardownAndCheck(h);
  });
  const t0 = performance.now();
  const details = fc.check(property, { seed, numRuns, endOnFailure: true });
  return { runs: details.failed ? runs : null, ms: performance.now() - t0 };
}

export function firstFailureBench(t: Target, o: FirstFailureOptions): FirstFailureFigure {
  const seeds: SeedRun[] = [];
  for (let seed = 1; seed <= o.seeds; seed++) {
    const find = timeToFind(t, seed, o.numRuns, o.nrCpus);
    const t0 = performance.now();
    const r = checkProperty(t.design, t.property, { seed, numRuns: o.numRuns, maxCommands: t.maxCommands, nrCpus: o.nrCpus });
    const fullMs = performance.now() - t0;
    const cx = r.counterexample;
    seeds.push({ seed, runs: find.runs, findMs: find.ms, shrinkMs: Math.max(0, fullMs - find.ms), length: cx?.length ?? null, shrunkLength: cx?.shrunkLength ?? null });
  }
  const ok = seeds.filter((s) => s.runs !== null);
  let shortest: number | null = null;
  let exploredDepth = -1;
  if (o.exploreMs > 0) {
    const depth = Math.min(o.exploreDepth, max(ok.map((s) => s.length!)) ?? o.exploreDepth);
    const r = explore(t.design, { depth, properties: [t.property], maxMs: o.exploreMs, stopWhenAllViolated: true });
    exploredDepth = r.depthCompleted;
    const checks = new Set([...t.property.invariants, ...(t.property.checks ?? []).map((c) => c.name)]);
    const v = r.violations.filter((x) => x.proven && (checks.has(x.check) || x.check === 'design-error'));
    shortest = v.length ? Math.min(...v.map((x) => x.depth)) : null;
  }
  return {
    target: t.name,
    kind: t.kind,
    seeds,
    found: ok.length,
    runsMedian: median(ok.map((s) => s.runs!)),
    runsMax: max(ok.map((s) => s.runs!)),
    findMsMedian: median(ok.map((s) => s.findMs)),
    findMsMax: max(ok.map((s) => s.findMs)),
    shrinkMsMedian: median(ok.map((s) => s.shrinkMs)),
    lengthMedian: median(ok.map((s) => s.length!)),
    lengthMax: max(ok.map((s) => s.length!)),
    shortest,
    exploredDepth,
    pinnedLength: t.pinnedLength ?? null,
  };
}

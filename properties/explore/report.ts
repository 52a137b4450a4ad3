/*
 * What an exploration reports: the size of what was explored and how fast,
 * the shortest trace for every violated check (re-executed for its results
 * and with its replay token), and the worst pre-charge reached, beside the
 * bound the design declares and the kernel selftest's tolerance.
 */

import type { Design } from '../../src/design.ts';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';
import type { Action } from '../actions.ts';
import { formatAction } from '../commands/index.ts';
import { findProperty, PROPERTIES, type PropertyDef } from '../properties.ts';
import type { Counterexample } from '../runner.ts';
import { expectedCell } from '../objections/expected.ts';
import { OBJECTIONS } from '../objections/index.ts';
import type { ExploreResult, Violation } from './bfs.ts';
import { worldOf } from './scope.ts';
import { traceCounterexample } from './trace.ts';

/**
 * The kernel's own tolerance for charges held outside exact statistics:
 * tools/testing/selftests/cgroup/test_kmem.c (torvalds/linux at
 * 0b9828c7231e) defines MAX_VMSTAT_ERROR as
 * (sysconf(_SC_PAGESIZE) * 64 * get_nprocs()), "the number of cpus
 * multiplied by 64 pages" of MEMCG_CHARGE_BATCH.
 */
export const SELFTEST_TOLERANCE = {
  perCpuBytes: PAGE_SIZE * 64,
  source: 'MAX_VMSTAT_ERROR = PAGE_SIZE * 64 * nr_cpus (tools/testing/selftests/cgroup/test_kmem.c, torvalds/linux 0b9828c7231e)',
} as const;

export interface ExploredCounterexample {
  readonly violation: Violation;
  /** The design documents this property as failing (DesignInfo.expected). */
  readonly expected: boolean;
  readonly counterexample: Counterexample;
}

export interface PrechargeReport {
  /** Most pre-charged bytes reached on one CPU, and the shortest trace to it. */
  readonly perCpuBytes: number;
  readonly perCpuTrace: readonly string[];
  /** Most pre-charged bytes reached in one holder outside the CPUs (obj_cgroup leftovers). */
  readonly perHolderBytes: number;
  readonly perHolderTrace: readonly string[];
  /** What the design declares (DesignInfo.prechargeBound for the explored world). */
  readonly declared: { readonly perCpuBytes: number; readonly perHolderBytes: number; readonly why: string };
  /** The kernel selftest's tolerance for the explored CPU count. */
  readonly selftest: { readonly perCpuBytes: number; readonly totalBytes: number; readonly source: string };
}

export interface ExploreReport {
  readonly result: ExploreResult;
  readonly designRef: string;
  readonly counterexamples: readonly ExploredCounterexample[];
  readonly precharge: PrechargeReport;
}

/**
 * A violation the design is documented to have: in DesignInfo.expected, or,
 * for an objection's property, in the objections' verdict table
 * (properties/objections/expected.ts).
 */
function documented(design: Design, v: Violation): boolean {
  if (design.info.expected?.[v.property] === 'fails' || design.info.expected?.[v.check] === 'fails') return true;
  const objection = OBJECTIONS.find((o) => o.property.name === v.property);
  return objection !== undefined && expectedCell(objection.id, design.info.name)?.verdict === 'fails';
}

/** Re-execute each violation's trace for the report and build its token. */
export function buildReport(design: Design, result: ExploreResult, designRef: string, props: readonly PropertyDef[] = PROPERTIES): ExploreReport {
  const world = worldOf(result.scope);
  const propOf = (name: string): PropertyDef => props.find((p) => p.name === name) ?? findProperty(name) ?? findProperty('refinement')!;
  const counterexamples = result.violations.map((v) => ({
    violation: v,
    expected: documented(design, v),
    counterexample: traceCounterexample(design, world, propOf(v.property), v.actions, designRef),
  }));
  const bound = design.info.prechargeBound(world);
  const lines = (a: readonly Action[]): string[] => a.map(formatAction);
  return {
    result,
    designRef,
    counterexamples,
    precharge: {
      perCpuBytes: result.precharge.perCpu.bytes,
      perCpuTrace: lines(result.precharge.perCpu.actions),
      perHolderBytes: result.precharge.perHolder.bytes,
      perHolderTrace: lines(result.precharge.perHolder.actions),
      declared: { perCpuBytes: bound.perCpuBytes, perHolderBytes: bound.perHolderBytes, why: bound.why },
      selftest: { perCpuBytes: SELFTEST_TOLERANCE.perCpuBytes, totalBytes: SELFTEST_TOLERANCE.perCpuBytes * world.nrCpus, source: SELFTEST_TOLERANCE.source },
    },
  };
}

/** True when some violation is not documented as expected: exit 1. */
export function hasUnexpected(rep: ExploreReport): boolean {
  return rep.counterexamples.some((c) => !c.expected);
}

function perSecond(n: number, ms: number): number {
  return ms > 0 ? Math.round((n * 1000) / ms) : 0;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

function scopeText(r: ExploreResult): string {
  const s = r.scope;
  return (
    `${s.nrCpus} CPU(s); root and up to ${s.maxCgroups} cgroups in ${s.maxLevel} level(s); sizes ${s.sizes.join(',')}; ` +
    `at most ${s.maxObjects} live objects and ${s.maxUsers} kernel user(s); allocations of ${s.allocCounts.join(' or ')}; page orders ${s.pageOrders.join(',')}`
  );
}

/** The report as text, for people. */
export function formatReport(rep: ExploreReport): string[] {
  const r = rep.result;
  const out: string[] = [];
  const why = { time: 'the time limit', 'max-states': 'the state limit', 'all-violated': 'every check being violated already' } as const;
  const stop = r.stopped ? `, stopped by ${why[r.stopped]}` : '';
  out.push(`explore ${r.design}: depth ${r.depthCompleted} completed of ${r.depth}${stop}`);
  out.push(`  scope: ${scopeText(r)}`);
  out.push(`  symmetry: ${r.symmetry.note}; branching by ${r.branching === 'clone' ? 'DesignInstance.clone()' : 're-execution (the design has no clone())'}`);
  out.push(`  ${r.states} states, ${r.transitions} transitions, ${r.teardowns} teardowns, checks: ${r.checks.join(', ')}`);
  out.push('  depth  new states  transitions  elapsed');
  for (const l of r.levels) out.push(`  ${String(l.depth).padStart(5)}  ${String(l.states).padStart(10)}  ${String(l.transitions).padStart(11)}  ${(l.elapsedMs / 1000).toFixed(2).padStart(6)} s`);
  out.push(
    `  ${(r.elapsedMs / 1000).toFixed(2)} s: ${perSecond(r.states, r.elapsedMs)} states/s, ${perSecond(r.transitions, r.elapsedMs)} transitions/s; ` +
      `peak RSS ${mb(r.peakRssBytes)}, heap ${mb(r.peakHeapBytes)}; fingerprint collision chance < ${r.collisionBound.toExponential(1)}`,
  );
  const p = rep.precharge;
  out.push('');
  out.push(`worst pre-charge reached:`);
  out.push(`  per CPU: ${p.perCpuBytes} bytes; declared bound ${p.declared.perCpuBytes}; kernel selftest tolerance ${p.selftest.perCpuBytes} per CPU (${p.selftest.totalBytes} for ${r.scope.nrCpus})`);
  for (const [i, l] of p.perCpuTrace.entries()) out.push(`    ${i + 1}. ${l}`);
  out.push(`  per holder outside the CPUs: ${p.perHolderBytes} bytes; declared bound ${p.declared.perHolderBytes}`);
  for (const [i, l] of p.perHolderTrace.entries()) out.push(`    ${i + 1}. ${l}`);
  out.push(`  (${p.selftest.source})`);
  out.push('');
  if (rep.counterexamples.length === 0) out.push(`no check violated up to depth ${r.depthCompleted}`);
  for (const c of rep.counterexamples) {
    const v = c.violation;
    const cx = c.counterexample;
    const how = v.proven ? 'shortest trace' : 'trace (a limit stopped the search: a shorter one may exist)';
    out.push(`${v.check}: violated, ${how} ${v.depth} step(s)${v.inTeardown ? ' then the teardown' : ''}${c.expected ? ' (expected by the design)' : ''}`);
    cx.trace.forEach((call, i) => out.push(`  ${String(i + 1).padStart(3)}. ${call}${i >= cx.length ? ' (teardown)' : ''}`));
    out.push(`  => ${cx.failure.invariant} violated at step ${cx.failure.step}: ${cx.failure.message}`);
    out.push(`  replay: ${cx.replay}`);
  }
  return out;
}

/** The report as a JSON document whose shape does not change between runs (timings aside, under "perf"). */
export function reportJson(rep: ExploreReport): unknown {
  const r = rep.result;
  return {
    kind: 'memcg-verify/explore',
    version: 1,
    design: r.design,
    designRef: rep.designRef,
    scope: r.scope,
    depth: r.depth,
    depthCompleted: r.depthCompleted,
    stopped: r.stopped,
    states: r.states,
    transitions: r.transitions,
    teardowns: r.teardowns,
    levels: r.levels.map((l) => ({ depth: l.depth, states: l.states, transitions: l.transitions })),
    checks: r.checks,
    symmetry: r.symmetry,
    branching: r.branching,
    collisionBound: r.collisionBound,
    violations: rep.counterexamples.map((c) => ({
      check: c.violation.check,
      property: c.violation.property,
      expected: c.expected,
      length: c.violation.depth,
      proven: c.violation.proven,
      inTeardown: c.violation.inTeardown,
      step: c.counterexample.failure.step,
      message: c.counterexample.failure.message,
      actions: c.violation.actions.map(formatAction),
      trace: c.counterexample.trace,
      replay: c.counterexample.replay,
    })),
    precharge: rep.precharge,
    perf: {
      elapsedMs: Math.round(r.elapsedMs),
      statesPerSecond: perSecond(r.states, r.elapsedMs),
      transitionsPerSecond: perSecond(r.transitions, r.elapsedMs),
      peakRssBytes: r.peakRssBytes,
      peakHeapBytes: r.peakHeapBytes,
      levelsElapsedMs: r.levels.map((l) => Math.round(l.elapsedMs)),
      levelsPeakRssBytes: r.levels.map((l) => l.peakRssBytes),
    },
  };
}

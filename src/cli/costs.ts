/*
 * The cost table's figures: how many shared-state operations a charge
 * costs and how many bytes a CPU's stocks hold pre-charged, measured on
 * the same random command sequences the properties run (fixed seed), with
 * no invariant checked.
 *
 * "Per charge" divides the shared operations counted during charge steps
 * (slab allocations, obj_cgroup_charge by kernel users, kmem pages; failed
 * ones included) by the number of those steps. Designs whose snapshot has
 * no `costs` get none; the pre-charge figure needs only `precharged`.
 */

import fc from 'fast-check';
import type { Design, DesignState, SharedOpCounts } from '../design.ts';
import { Harness } from '../../properties/harness.ts';
import { commandsArbitrary, OpCommand } from '../../properties/commands/index.ts';
import type { OpName } from '../../properties/actions.ts';
import { defaultWorld } from '../config.ts';

export const CHARGE_OPS: readonly OpName[] = ['alloc', 'userCharge', 'pagesAlloc'];

export const COST_FIELDS: readonly (keyof SharedOpCounts)[] = ['pageCounter', 'objcgBytes', 'refAtomics', 'stockDrains', 'stockRefills'];

export interface CostFigures {
  readonly sequences: number;
  readonly steps: number;
  /** Charge steps measured. */
  readonly charges: number;
  /** Shared operations per charge, by kind and in total; null when the design counts none. */
  readonly perCharge: (Record<keyof SharedOpCounts, number> & { total: number }) | null;
  /** Most pre-charged bytes one CPU's stocks held after any step. */
  readonly worstCpuPrechargeBytes: number;
  /** The design's declared per-CPU bound for this world. */
  readonly boundCpuBytes: number;
}

export interface CostOptions {
  readonly seed: number;
  readonly runs: number;
  readonly maxCommands: number;
  readonly nrCpus: number;
}

function cpuPrecharge(s: DesignState): number {
  const perCpu = new Map<number, number>();
  for (const p of s.precharged) if (p.cpu !== null) perCpu.set(p.cpu, (perCpu.get(p.cpu) ?? 0) + p.bytes);
  return Math.max(0, ...perCpu.values());
}

/** The op a command ran as; fc.commands wraps each command (CommandWrapper.cmd). */
function opOf(c: unknown): OpName | undefined {
  const cmd = (c as { cmd?: unknown }).cmd ?? c;
  return cmd instanceof OpCommand ? (cmd.action as { op: OpName } | null)?.op : undefined;
}

/**
 * Drive `design` through `runs` sequences and add up its costs.
 * A design that throws ends the measurement with a DesignError (as checks report it).
 */
export function measureCosts(design: Design, o: CostOptions): CostFigures {
  const config = defaultWorld(o.nrCpus);
  const sequences = fc.sample(commandsArbitrary({ maxCommands: o.maxCommands }), { seed: o.seed, numRuns: o.runs });
  const sums: Record<keyof SharedOpCounts, number> = { pageCounter: 0, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 0 };
  let charges = 0;
  let steps = 0;
  let counted = false;
  let worst = 0;
  for (const cmds of sequences) {
    const h = new Harness(design, config, { invariants: new Set() });
    for (const c of cmds) {
      if (!c.check(h)) continue;
      const before = h.state.costs;
      c.run(h, h);
      steps++;
      worst = Math.max(worst, cpuPrecharge(h.state));
      const op = opOf(c);
      if (op === undefined || !CHARGE_OPS.includes(op)) continue;
      charges++;
      const after = h.state.costs;
      if (!before || !after) continue;
      counted = true;
      for (const k of COST_FIELDS) sums[k] += after[k] - before[k];
    }
  }
  const per = (n: number): number => (charges ? n / charges : 0);
  const perCharge = counted
    ? { ...(Object.fromEntries(COST_FIELDS.map((k) => [k, per(sums[k])])) as Record<keyof SharedOpCounts, number>), total: per(COST_FIELDS.reduce((n, k) => n + sums[k], 0)) }
    : null;
  return {
    sequences: sequences.length,
    steps,
    charges,
    perCharge,
    worstCpuPrechargeBytes: worst,
    boundCpuBytes: design.info.prechargeBound(config).perCpuBytes,
  };
}

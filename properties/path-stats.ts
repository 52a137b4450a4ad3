/*
 * Which kernel paths the generated sequences reach, and how often.
 *
 * Each path is recognised from the outside (the action, the spec, and the
 * design's snapshots before and after the step), so the same counting works
 * for every design. The README's coverage table comes from `pathStats`.
 */

import { objStockSlots } from '../src/snapshot-lookup.ts';
import fc from 'fast-check';
import type { Design, DesignState } from '../src/design.ts';
import { PAGE_SIZE } from '../src/kernel/constants.ts';
import type { Action } from './actions.ts';
import { commandsArbitrary } from './commands/index.ts';
import { Harness } from './harness.ts';
import type { StepCheck, StepContext } from './invariants.ts';
import { teardownAndCheck } from './quiescence.ts';
import { worldFor } from './runner.ts';

export const PATHS = {
  'reparent-live': 'cgroup_rmdir with live objects charged in it (memcg_reparent_objcgs with users)',
  'stock-switch': "an allocation on a CPU whose object stock held bytes of other cgroups and none of this one's (no slot caching it)",
  enomem: 'a charge that failed with -ENOMEM',
  'limit-edge': 'a charge that succeeded with less than one batch of room below a limit (where try_charge retries with nr_pages or drains)',
  'large-object': 'a charge larger than a page',
  'drain-work': 'queued drain_all_stock work that ran on a CPU with a non-empty stock',
  'hotplug-drain': 'a CPU going offline with a non-empty stock',
  'memcg-freed': 'a deleted memcg freed once its last reference went',
  'objcg-released-leftover': 'an obj_cgroup released with leftover nr_charged_bytes',
} as const;

export type PathName = keyof typeof PATHS;

function stockBytes(s: DesignState, cpu: number): number {
  const c = s.cpus.find((x) => x.cpu === cpu);
  if (!c) return 0;
  return c.pageStock.reduce((n, p) => n + p.nrPages * PAGE_SIZE, 0) + objStockSlots(c).reduce((n, o) => n + o.nrBytes, 0);
}

/** Some level from `cgroup` up has less than one batch of room left. */
function nearLimit(h: StepContext['h'], s: DesignState, cgroup: string): boolean {
  const batch = h.config.batch ?? h.designDef.info.batch;
  for (let name: string | null = cgroup; name !== null; ) {
    const m = s.memcgs.find((x) => x.name === name);
    if (!m) return false;
    if (m.max - m.usage < batch) return true;
    name = m.parent;
  }
  return false;
}

function isCharge(a: Action): boolean {
  return a.op === 'alloc' || a.op === 'userCharge' || a.op === 'pagesAlloc';
}

/** The paths one step took. */
export function pathsOf({ h, before, after, action, effect }: StepContext): PathName[] {
  if (!before || !action) return [];
  const out: PathName[] = [];
  if (effect.failedCharge) out.push('enomem');
  else if (isCharge(action) && 'cgroup' in action && nearLimit(h, before, action.cgroup)) out.push('limit-edge');
  if ((action.op === 'alloc' || action.op === 'userCharge') && action.size > PAGE_SIZE) out.push('large-object');
  if (action.op === 'alloc') {
    const slots = objStockSlots(before.cpus.find((c) => c.cpu === action.cpu)!);
    if (slots.some((o) => o.nrBytes > 0) && !slots.some((o) => o.cached === action.cgroup)) out.push('stock-switch');
  }
  if (action.op === 'rmdir' && [...h.spec.objects.values()].some((o) => o.origin === action.name)) out.push('reparent-live');
  if (action.op === 'runWork' && stockBytes(before, action.cpu) > 0) out.push('drain-work');
  if (action.op === 'cpuDown' && stockBytes(before, action.cpu) > 0) out.push('hotplug-drain');
  for (const m of after.memcgs) if (m.freed && !before.memcgs.find((x) => x.name === m.name)?.freed) out.push('memcg-freed');
  for (const o of after.objcgs) {
    const was = before.objcgs.find((x) => x.name === o.name);
    if (o.released && was && !was.released && was.nrChargedBytes > 0) out.push('objcg-released-leftover');
  }
  return out;
}

export interface PathStats {
  readonly runs: number;
  readonly steps: number;
  /** Per path: runs that reached it at least once, and total steps that took it. */
  readonly paths: Record<PathName, { runs: number; steps: number }>;
}

/** Run `numRuns` generated sequences (no invariant checked) and count the paths they take. */
export function pathStats(design: Design, o: { seed: number; numRuns: number; maxCommands: number; nrCpus: number }): PathStats {
  const paths = Object.fromEntries(Object.keys(PATHS).map((p) => [p, { runs: 0, steps: 0 }])) as Record<PathName, { runs: number; steps: number }>;
  let runs = 0;
  let steps = 0;
  fc.assert(
    fc.property(commandsArbitrary({ maxCommands: o.maxCommands }), (cmds) => {
      const seen = new Set<PathName>();
      const counter: StepCheck = {
        name: 'path-stats',
        check: (ctx) => {
          if (ctx.h.teardownFrom !== null) return null; // count what the generated steps reach
          for (const p of pathsOf(ctx)) {
            seen.add(p);
            paths[p].steps++;
          }
          return null;
        },
      };
      const h = new Harness(design, worldFor(o), { invariants: new Set(), checks: [counter] });
      fc.modelRun(() => ({ model: h, real: h }), cmds);
      teardownAndCheck(h);
      runs++;
      steps += h.steps;
      for (const p of seen) paths[p].runs++;
    }),
    { seed: o.seed, numRuns: o.numRuns },
  );
  return { runs, steps, paths };
}

/*
 * The quiescence teardown: bring the world back to nothing, through the
 * same kernel calls (so every per-step invariant still applies), then check
 * that nothing is left: every non-root memcg freed, every non-root
 * obj_cgroup released, every stock empty, no work queued.
 *
 * Order: CPUs back online; kernel users uncharge and put; slab objects and
 * kmem pages freed; tasks exit; cgroups deleted leaves first; then
 * drain_all_stock(root) from the first CPU and every queued work item run,
 * twice (a drain can refill another stock, as 5.10's drain_obj_stock
 * refills the page stock).
 */

import type { Action } from './actions.ts';
import { InvariantViolation, type Harness } from './harness.ts';
import { quiescent } from './invariants.ts';
import { runAction } from './commands/index.ts';
import * as spec from '../models/memcg-spec.ts';
import { ROOT } from '../src/kernel/constants.ts';

/**
 * Run the teardown as steps (per-step invariants apply), then, if the
 * harness checks quiescence, check it; throws InvariantViolation.
 */
export function teardownAndCheck(h: Harness): void {
  h.teardownFrom = h.steps;
  const phases: (() => Action[])[] = [
    () => h.env.online.flatMap((on, cpu) => (on ? [] : [{ op: 'cpuUp', cpu } as Action])),
    () =>
      [...h.env.users].flatMap(([user, u]) => [
        ...[...u.objs].map((obj) => ({ op: 'userUncharge', cpu: 0, user, obj }) as Action),
        { op: 'userPut', user } as Action,
      ]),
    () => {
      const slab = h.liveObjects('slab');
      const pages = h.liveObjects('page').map((page) => ({ op: 'pagesFree', cpu: 0, page }) as Action);
      return [...(slab.length ? [{ op: 'free', cpu: 0, objs: slab } as Action] : []), ...pages];
    },
    () => h.tasks().map((task) => ({ op: 'exit', task }) as Action),
    () => leavesFirst(h).map((name) => ({ op: 'rmdir', cpu: 0, name }) as Action),
    drainAndRunWork,
    drainAndRunWork,
  ];
  function drainAndRunWork(): Action[] {
    return [{ op: 'drainAll', cpu: 0, root: ROOT }];
  }
  for (const phase of phases) {
    for (const a of phase()) runAction(h, a);
    for (const c of h.state.cpus) if (c.online && c.workPending) runAction(h, { op: 'runWork', cpu: c.cpu });
  }
  if (!h.options.invariants.has('quiescence')) return;
  const msg = quiescent(h.state);
  if (msg) throw new InvariantViolation('quiescence', h.steps, 'after teardown', msg);
}

function leavesFirst(h: Harness): string[] {
  return [...h.env.cgroupOrder].reverse().filter((c) => c !== ROOT && spec.liveCgroups(h.spec).includes(c));
}

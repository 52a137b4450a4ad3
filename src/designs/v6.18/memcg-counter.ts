/*
 * The memcg side of page_counter (mm/memcontrol.c, mm/page_counter.c,
 * v6.18), cgroup v2 only: memcg->memory, no memsw.
 *
 * 6.18 counts limit failures only on cgroup v1: mem_cgroup_css_alloc()
 * sets memcg->memory.track_failcnt = !memcg_on_dfl, and
 * page_counter_try_charge() bumps failcnt only if the charged counter
 * tracks it. The shared pageCounterTryCharge() always bumps it, so the
 * increment is taken back here.
 */

import { pageCounterTryCharge, pageCounterUncharge, type PageCounter } from '../../kernel/page-counter.ts';
import { counterDepth } from './costs.ts';
import type { Kernel, MemCgroup } from './structs.ts';

/* memcg_uncharge (v6.18): page_counter_uncharge(&memcg->memory) */
export function memcgUncharge(k: Kernel, memcg: MemCgroup, nrPages: number): void {
  k.costs.pageCounter += counterDepth(memcg.memory);
  pageCounterUncharge(memcg.memory, nrPages);
}

/**
 * memoryTryCharge - page_counter_try_charge(&memcg->memory) as cgroup v2 runs it (v6.18)
 * @returns null on success, else the memcg whose level hit its max
 *   (mem_cgroup_from_counter(counter, memory)); nothing stays charged then.
 */
export function memoryTryCharge(k: Kernel, memcg: MemCgroup, nrPages: number): MemCgroup | null {
  const res = pageCounterTryCharge(memcg.memory, nrPages);
  if (res.ok) {
    k.costs.pageCounter += counterDepth(memcg.memory);
    return null;
  }
  // track_failcnt is false on the default hierarchy: undo the helper's failcnt++.
  res.fail.failcnt--;
  const below = levelsBelow(memcg.memory, res.fail);
  k.costs.pageCounter += 2 * below + 1; // the levels charged and cancelled, plus the one that failed
  const over = k.memcgs.get(res.fail.name);
  if (!over) throw new Error(`v6.18: page counter ${res.fail.name} has no memcg`);
  return over;
}

function levelsBelow(counter: PageCounter, fail: PageCounter): number {
  let n = 0;
  for (const c of counter.levels()) {
    if (c === fail) return n;
    n++;
  }
  return n;
}

/* mem_cgroup_margin (v6.18): pages chargeable before memory.max */
export function memCgroupMargin(memcg: MemCgroup): number {
  const count = memcg.memory.usage;
  const limit = memcg.memory.max;
  return count < limit ? limit - count : 0;
}

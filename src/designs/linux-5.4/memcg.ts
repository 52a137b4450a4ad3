/*
 * struct mem_cgroup of the 5.4 tree, as far as byte charging needs it,
 * with the css helpers of that time. A controller's subclass adds its
 * fields (the kmem pointer object and its list).
 *
 * Reference counting is coupled to page accounting (5.4, before "mm:
 * memcontrol: decouple reference counting from page accounting", 5.9):
 * try_charge() takes one css reference per page it charges, drain_stock()
 * and __memcg_kmem_uncharge() put one per page they uncharge. Pages in the
 * page stock carry theirs; stock->cached itself holds none. Besides: the
 * base reference, the memcg ID's pin while online, one per child css, and
 * one per kmem pointer object (obj_cgroup, mem_cgroup_ptr) reparented to
 * this memcg.
 */

import { PageCounter, pageCounterTryCharge, pageCounterUncharge } from '../../kernel/page-counter.ts';
import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import type { Kernel } from './kernel.ts';

export class Memcg {
  /** memcg->memory (cgroup v2: hierarchical). */
  readonly counter: PageCounter;
  /** memcg->css.refcnt (percpu_ref). Starts with the base reference. */
  readonly css: Ref;
  /** CSS_ONLINE. */
  online = true;
  /** mem_cgroup_css_free() has run. */
  freed = false;
  /** memcg->kmem_state == KMEM_ONLINE. */
  kmemOnline = false;
  /** css references held by child csses (cgroup core); left out of the snapshot's refs. */
  childPins = 0;

  constructor(
    k: Kernel,
    readonly name: string,
    readonly parent: Memcg | null,
  ) {
    this.counter = new PageCounter(name, parent ? parent.counter : null, k.log, 'keep-negative', k.version);
    this.css = percpuRefInit(`memcg ${name} css`, k.log, k.version, memCgroupCssFree, k, this);
  }
}

/* mem_cgroup_is_root (5.4) */
export function memCgroupIsRoot(memcg: Memcg): boolean {
  return memcg.parent === null;
}

/* a css operation is a shared atomic once the percpu_ref is in atomic mode (killed) */
function countAtomic(k: Kernel, memcg: Memcg): void {
  if (memcg.css.killed) k.costs.refAtomics++;
}

/* css_get / css_get_many (5.4) */
export function cssGet(k: Kernel, memcg: Memcg, nr = 1): void {
  if (nr === 0) return;
  countAtomic(k, memcg);
  memcg.css.get(nr);
}

/* css_put / css_put_many / mem_cgroup_put (5.4) */
export function cssPut(k: Kernel, memcg: Memcg, nr = 1): void {
  if (nr === 0) return;
  countAtomic(k, memcg);
  memcg.css.put(nr);
}

/* css_tryget (5.4): fails only once released */
export function cssTryget(k: Kernel, memcg: Memcg): boolean {
  countAtomic(k, memcg);
  return memcg.css.tryget();
}

/* mem_cgroup_is_descendant (5.4, cgroup v2) */
export function memCgroupIsDescendant(memcg: Memcg, root: Memcg): boolean {
  for (let m: Memcg | null = memcg; m; m = m.parent) if (m === root) return true;
  return false;
}

/* page_counter_try_charge(&memcg->memory) (5.4), counting the levels it writes */
export function memoryTryCharge(k: Kernel, memcg: Memcg, nrPages: number): Memcg | null {
  const res = pageCounterTryCharge(memcg.counter, nrPages);
  let levels = 0;
  for (const c of memcg.counter.levels()) {
    if (!res.ok && c === res.fail) break;
    levels++;
  }
  k.costs.pageCounter += res.ok ? levels : 2 * levels + 1; // charged (and cancelled), plus the failing level
  if (res.ok) return null;
  const over = k.memcgs.find((m) => m.counter === res.fail);
  if (!over) throw new Error(`${k.version}: page counter ${res.fail.name} belongs to no memcg`);
  return over;
}

/* page_counter_uncharge(&memcg->memory) (5.4): every level */
export function memoryUncharge(k: Kernel, memcg: Memcg, nrPages: number): void {
  for (const _ of memcg.counter.levels()) k.costs.pageCounter++;
  pageCounterUncharge(memcg.counter, nrPages);
}

/* mem_cgroup_css_free (5.4), then css_free_rwork_fn's css_put(parent) */
function memCgroupCssFree(k: Kernel, memcg: Memcg): void {
  memcg.freed = true;
  const parent = memcg.parent;
  if (parent) {
    parent.childPins--;
    cssPut(k, parent);
  }
}

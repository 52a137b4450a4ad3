/*
 * struct mem_cgroup as far as byte charging needs it: the memory page
 * counter, the css reference count, the obj_cgroup pointer and list, and
 * the css reference helpers.
 *
 * Reference counting is decoupled from page accounting since 5.9 ("mm:
 * memcontrol: decouple reference counting from page accounting"): the css
 * count tracks pointers (page stock, reparented obj_cgroups, kmem pages),
 * never charged pages.
 */

import { PageCounter } from '../../kernel/page-counter.ts';
import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import { type Costs, type Kernel, VERSION } from './kernel.ts';
import type { Objcg } from './objcg.ts';

export class Memcg {
  /** memcg->memory: hierarchical (cgroup v2: use_hierarchy is always set). */
  readonly counter: PageCounter;
  /** memcg->css.refcnt (percpu_ref). Starts with the base reference. */
  readonly css: Ref;
  /** memcg->objcg: the active obj_cgroup, NULL once reparented. */
  objcg: Objcg | null = null;
  /** memcg->objcg_list: obj_cgroups reparented to this memcg. */
  readonly objcgList: Objcg[] = [];
  /** CSS_ONLINE. */
  online = true;
  /** mem_cgroup_css_free() has run. */
  freed = false;
  /** memcg->kmem_state == KMEM_ONLINE. */
  kmemOnline = false;
  /**
   * css references held by child csses (cgroup core: init_and_link_css()
   * takes one on the parent, css_free_rwork_fn() puts it). They are part of
   * `css` but not of what RefRules describes, so the snapshot subtracts them.
   */
  childPins = 0;
  /** cost: the kernel's shared-operation counters (k.costs), so the css helpers can count. */
  readonly costs: Costs;

  constructor(
    k: Kernel,
    readonly name: string,
    readonly parent: Memcg | null,
  ) {
    this.costs = k.costs;
    this.counter = new PageCounter(name, parent ? parent.counter : null, k.log, 'keep-negative', VERSION);
    this.css = percpuRefInit(`memcg ${name} css`, k.log, VERSION, memCgroupCssFree, this);
  }

  get isRoot(): boolean {
    return this.parent === null;
  }
}

/* mem_cgroup_is_root (v5.10) */
export function memCgroupIsRoot(memcg: Memcg): boolean {
  return memcg.isRoot;
}

/* css_get / css_get_many (v5.10) */
export function cssGet(memcg: Memcg, nr = 1): void {
  if (memcg.css.killed) memcg.costs.refAtomics++; // cost: css_get on a killed (atomic-mode) css
  memcg.css.get(nr);
}

/* css_put / mem_cgroup_put (v5.10) */
export function cssPut(memcg: Memcg): void {
  if (memcg.css.killed) memcg.costs.refAtomics++; // cost: css_put on a killed (atomic-mode) css
  memcg.css.put();
}

/* css_tryget (v5.10): succeeds on offline csses too, fails only once released */
export function cssTryget(memcg: Memcg): boolean {
  if (memcg.css.killed) memcg.costs.refAtomics++; // cost: css_tryget on a killed (atomic-mode) css
  return memcg.css.tryget();
}

/**
 * cssTrygetRetry - the `retry: memcg = obj_cgroup_memcg(objcg); if
 * (!css_tryget(&memcg->css)) goto retry;` loop of obj_cgroup_charge() and
 * drain_obj_stock() (v5.10).
 *
 * The objcg pins its memcg, so the loop ends at once. Should it ever not,
 * the kernel would spin forever; the simulation warns and goes on without
 * the reference. Returns whether the reference was taken.
 */
export function cssTrygetRetry(k: Kernel, memcg: Memcg, caller: string): boolean {
  if (cssTryget(memcg)) return true;
  k.log.warn(`${caller} (${VERSION})`, `css_tryget() on released memcg ${memcg.name}: the retry loop would spin forever`);
  return false;
}

/* mem_cgroup_is_descendant (v5.10): cgroup v2, so always hierarchical */
export function memCgroupIsDescendant(memcg: Memcg, root: Memcg): boolean {
  for (let m: Memcg | null = memcg; m; m = m.parent) if (m === root) return true;
  return false;
}

/* mem_cgroup_css_free (v5.10), then css_free_rwork_fn's css_put(parent) */
function memCgroupCssFree(memcg: Memcg): void {
  memcg.freed = true;
  const parent = memcg.parent;
  if (parent) {
    parent.childPins--;
    cssPut(parent);
  }
}

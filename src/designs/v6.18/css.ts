/*
 * css reference counting (include/linux/cgroup_refcnt.h, v6.18).
 *
 * The root css is CSS_NO_REF: cgroup_init_subsys() disables its refcount
 * ("Root csses are never destroyed"), so every get and put on it is a
 * no-op and tryget always succeeds. Other csses are percpu_refs: cheap
 * per-CPU operations while online, shared atomics once killed, which is
 * what the cost counter charges.
 */

import { memCgroupIsRoot, type Kernel, type MemCgroup } from './structs.ts';

function countAtomic(k: Kernel, memcg: MemCgroup): void {
  if (memcg.css.killed) k.costs.refAtomics++;
}

/* css_get_many (v6.18): nothing for CSS_NO_REF */
export function cssGet(k: Kernel, memcg: MemCgroup, nr = 1): void {
  if (memCgroupIsRoot(k, memcg)) return;
  countAtomic(k, memcg);
  memcg.css.get(nr);
}

/* css_put_many (v6.18): nothing for CSS_NO_REF; the last put releases */
export function cssPut(k: Kernel, memcg: MemCgroup, nr = 1): void {
  if (memCgroupIsRoot(k, memcg)) return;
  countAtomic(k, memcg);
  memcg.css.put(nr);
}

/* css_tryget (v6.18): true for CSS_NO_REF, else percpu_ref_tryget() */
export function cssTryget(k: Kernel, memcg: MemCgroup): boolean {
  if (memCgroupIsRoot(k, memcg)) return true;
  countAtomic(k, memcg);
  return memcg.css.tryget();
}

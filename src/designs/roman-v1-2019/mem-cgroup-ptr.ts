/*
 * struct mem_cgroup_ptr (v1 01/16, as RFC 02/14 <20190905214553.1643060-3-guro@fb.com>):
 * a pointer to a memory cgroup with a built-in percpu_ref, which slab
 * objects reference instead of the memcg so that reparenting only switches
 * ptr->memcg. It takes its css reference on the memcg only when it is
 * reparented ("initialized before css refcounter"); memcg_ptr_release()
 * puts it.
 */

import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import { cssPut } from '../linux-5.4/memcg.ts';
import type { V1Kernel } from './kernel.ts';
import type { V1Memcg } from './memcg.ts';

export class MemcgPtr {
  /** ptr->refcnt (percpu_ref). The initial reference belongs to memcg->kmem_memcg_ptr. */
  readonly ref: Ref;
  /** ptr->memcg: switched to the parent on reparenting. */
  memcg: V1Memcg;

  constructor(
    k: V1Kernel,
    /** Name of the cgroup it was created for; kept after reparenting. */
    readonly name: string,
    memcg: V1Memcg,
  ) {
    this.memcg = memcg;
    this.ref = percpuRefInit(`mem_cgroup_ptr ${name}`, k.log, k.version, memcgPtrRelease, k, this);
  }
}

/* memcg_ptr_release (v1): list_del under css_set_lock, mem_cgroup_put(ptr->memcg) */
function memcgPtrRelease(k: V1Kernel, ptr: MemcgPtr): void {
  const list = ptr.memcg.kmemMemcgPtrList;
  const i = list.indexOf(ptr);
  if (i >= 0) list.splice(i, 1);
  cssPut(k, ptr.memcg);
}

/* memcg_init_kmem_memcg_ptr (v1), minus the list_add the caller does */
export function memcgPtrAlloc(k: V1Kernel, memcg: V1Memcg): MemcgPtr {
  const ptr = new MemcgPtr(k, memcg.name, memcg);
  k.ptrs.push(ptr);
  return ptr;
}

/* percpu_ref operations are shared atomics once the ref is killed */
function countAtomic(k: V1Kernel, ptr: MemcgPtr): void {
  if (ptr.ref.killed) k.costs.refAtomics++;
}

/* mem_cgroup_ptr_get (v1) */
export function memCgroupPtrGet(k: V1Kernel, ptr: MemcgPtr): void {
  countAtomic(k, ptr);
  ptr.ref.get();
}

/* mem_cgroup_ptr_put (v1) */
export function memCgroupPtrPut(k: V1Kernel, ptr: MemcgPtr): void {
  countAtomic(k, ptr);
  ptr.ref.put();
}

/**
 * memCgroupGetKmemPtr - the mem_cgroup_ptr of @memcg or its nearest
 * ancestor that can be tryget'd, with a reference (mem_cgroup_get_kmem_ptr, v1)
 *
 * null if none (the root has none in 5.4).
 */
export function memCgroupGetKmemPtr(k: V1Kernel, memcg: V1Memcg): MemcgPtr | null {
  for (let m: V1Memcg | null = memcg; m; m = m.parent) {
    const ptr = m.kmemMemcgPtr;
    if (ptr) {
      countAtomic(k, ptr);
      if (ptr.ref.tryget()) return ptr;
    }
  }
  return null;
}

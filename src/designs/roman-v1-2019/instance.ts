/*
 * v1 behind the DesignInstance interface: the shared 5.4 instance
 * (../linux-5.4/instance.ts) on v1's kernel, with v1's slab hooks,
 * kernel-user API and snapshot half.
 */

import type { WorldConfig } from '../../design.ts';
import { type KernelUserOps, Linux54Instance } from '../linux-5.4/instance.ts';
import { memCgroupIsRoot } from '../linux-5.4/memcg.ts';
import { V1Kernel } from './kernel.ts';
import { type MemcgPtr, memCgroupGetKmemPtr, memCgroupPtrPut } from './mem-cgroup-ptr.ts';
import { type PreAlloc, SLAB_HOOKS, type SlabObject } from './slab-hooks.ts';
import { SNAPSHOT } from './snapshot.ts';
import { memcgKmemChargeSubpage, memcgKmemUnchargeSubpage } from './try-charge.ts';

/**
 * A kernel user keeps a mem_cgroup_ptr reference (v1 has no such user;
 * filled as the slab hooks do it: mem_cgroup_get_kmem_ptr() to keep,
 * __memcg_kmem_(un)charge_subpage() of ptr->memcg to (un)charge, the root
 * skipped on uncharge as in the free hook).
 */
const USER: KernelUserOps<MemcgPtr> = {
  get: memCgroupGetKmemPtr,
  charge: (k: V1Kernel, ptr: MemcgPtr, size: number) => memcgKmemChargeSubpage(k, ptr.memcg, size),
  uncharge(k: V1Kernel, ptr: MemcgPtr, size: number) {
    if (!memCgroupIsRoot(ptr.memcg)) memcgKmemUnchargeSubpage(k, ptr.memcg, size);
  },
  put: memCgroupPtrPut,
};

export class V1Instance extends Linux54Instance<SlabObject, PreAlloc, MemcgPtr> {
  constructor(config: WorldConfig, batch: number) {
    super(new V1Kernel(config.nrCpus, batch), { slab: SLAB_HOOKS, user: USER, snapshot: SNAPSHOT }, config);
  }
}

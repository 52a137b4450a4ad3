/*
 * The sketch behind the DesignInstance interface: the shared 5.4 instance
 * (../linux-5.4/instance.ts) on the sketch's kernel, with the sketch's
 * slab hooks, kernel-user API and snapshot half.
 */

import type { WorldConfig } from '../../design.ts';
import { type KernelUserOps, Linux54Instance } from '../linux-5.4/instance.ts';
import { SketchKernel } from './kernel.ts';
import { objCgroupCharge, objCgroupUncharge } from './obj-charge.ts';
import { type Objcg, memCgroupGetSlabObjs, objCgroupPut } from './objcg.ts';
import { type PreAlloc, SLAB_HOOKS, type SlabObject } from './slab-hooks.ts';
import { SNAPSHOT } from './snapshot.ts';

/** A kernel user keeps an obj_cgroup reference (filled: 5.9's get_obj_cgroup_from_current shape). */
const USER: KernelUserOps<Objcg> = {
  get: memCgroupGetSlabObjs,
  charge: objCgroupCharge,
  uncharge: objCgroupUncharge,
  put: objCgroupPut,
};

export class SketchInstance extends Linux54Instance<SlabObject, PreAlloc, Objcg> {
  constructor(config: WorldConfig, batch: number) {
    super(new SketchKernel(config.nrCpus, batch), { slab: SLAB_HOOKS, user: USER, snapshot: SNAPSHOT }, config);
  }
}

/*
 * struct mem_cgroup of the 5.4 tree (../linux-5.4/memcg.ts) with the
 * fields the sketch adds: the active obj_cgroup and the list of those
 * pointing at this memcg.
 */

import type { Kernel } from '../linux-5.4/kernel.ts';
import { Memcg } from '../linux-5.4/memcg.ts';
import type { Objcg } from './objcg.ts';

export class SketchMemcg extends Memcg {
  declare readonly parent: SketchMemcg | null;
  /** memcg->slab_objs: the active obj_cgroup, NULL once reparented (sketch). */
  slabObjs: Objcg | null = null;
  /** memcg->slab_objs_list: the active obj_cgroup and those reparented here. */
  readonly slabObjsList: Objcg[] = [];

  constructor(k: Kernel, name: string, parent: SketchMemcg | null) {
    super(k, name, parent);
  }
}

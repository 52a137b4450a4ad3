import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { liveCgroupInvalid } from './common.ts';

/** cgroup_mkdir: a new cgroup under a live one (memcg online, objcg created). */
export const mkdirOp: OpDef<'mkdir', number> = {
  op: 'mkdir',
  fns: ['cgroup_mkdir'],
  doc: 'create a cgroup under a live cgroup (memcg online, obj_cgroup allocated)',
  raw: fc.nat(),
  resolve: (parentIx, h) => {
    // Keep the tree small: a long tail of empty cgroups explores nothing new.
    if (h.liveCgroups().length >= 6) return null;
    return { op: 'mkdir', name: h.newCgroupPeek(), parent: pick(h.liveCgroups(), parentIx)! };
  },
  invalid: (a, h) => (h.spec.cgroups.has(a.name) ? `cgroup ${a.name} already exists` : liveCgroupInvalid(h, a.parent)),
  apply: (a, h) => {
    h.design.mkdir(a.name, a.parent);
    h.spec = spec.mkdir(h.spec, a.name, a.parent);
    h.env.cgroupOrder.push(a.name);
    return { result: '', failedCharge: false };
  },
  format: (a) => `cgroup_mkdir(${a.name}, ${a.parent})`,
  parse: (c) => (argCount(c, 2), { op: 'mkdir', name: argName(c, 0, 'cgroup'), parent: argName(c, 1, 'parent') }),
};

import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argInt, argName, cpuOf, onCpu } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { cpuInvalid, firstInvalid } from './common.ts';
import { rawSize, resolveSize, type RawSize } from './sizes.ts';

/* obj_cgroup_charge through a kept obj_cgroup, on any CPU. */
export const userChargeOp: OpDef<'userCharge', { user: number; cpu: number; size: RawSize }> = {
  op: 'userCharge',
  fns: ['obj_cgroup_charge'],
  doc: 'obj_cgroup_charge(size) through an obj_cgroup a kernel user keeps',
  raw: fc.record({ user: fc.nat(), cpu: fc.nat(), size: rawSize }),
  resolve: (raw, h) => {
    const user = pick([...h.env.users.keys()], raw.user);
    if (user === undefined) return null;
    return { op: 'userCharge', cpu: pick(h.onlineCpus(), raw.cpu)!, user, size: resolveSize(raw.size, h.config.nrCpus) };
  },
  invalid: (a, h) => firstInvalid(cpuInvalid(h, a.cpu), h.env.users.has(a.user) ? null : `no kernel user ${a.user}`),
  apply: (a, h) => {
    const obj = h.newObj();
    const user = h.env.users.get(a.user)!;
    if (!h.design.userCharge(a.cpu, a.user, obj, a.size)) return { result: '-ENOMEM', failedCharge: true };
    h.spec = spec.charge(h.spec, obj, user.origin, a.size);
    h.env.objects.set(obj, { kind: 'user', user: a.user });
    user.objs.add(obj);
    return { result: obj, failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, `obj_cgroup_charge(${a.user}, ${a.size})`),
  parse: (c) => (argCount(c, 2), { op: 'userCharge', cpu: cpuOf(c), user: argName(c, 0, 'user'), size: argInt(c, 1, 'size', 1) }),
};

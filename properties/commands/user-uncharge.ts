import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName, cpuOf, onCpu } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { cpuInvalid, firstInvalid } from './common.ts';

/* obj_cgroup_uncharge of one earlier charge through a kept obj_cgroup. */
export const userUnchargeOp: OpDef<'userUncharge', { obj: number; cpu: number }> = {
  op: 'userUncharge',
  fns: ['obj_cgroup_uncharge'],
  doc: 'obj_cgroup_uncharge of an earlier charge through a kept obj_cgroup, on any CPU',
  raw: fc.record({ obj: fc.nat(), cpu: fc.nat() }),
  resolve: (raw, h) => {
    const obj = pick(h.liveObjects('user'), raw.obj);
    if (obj === undefined) return null;
    return { op: 'userUncharge', cpu: pick(h.onlineCpus(), raw.cpu)!, user: h.env.objects.get(obj)!.user!, obj };
  },
  invalid: (a, h) =>
    firstInvalid(cpuInvalid(h, a.cpu), h.env.users.get(a.user)?.objs.has(a.obj) ? null : `${a.user} has no charge ${a.obj}`),
  apply: (a, h) => {
    h.design.userUncharge(a.cpu, a.user, a.obj);
    h.spec = spec.uncharge(h.spec, a.obj);
    h.env.objects.delete(a.obj);
    h.env.users.get(a.user)!.objs.delete(a.obj);
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, `obj_cgroup_uncharge(${a.user}, ${a.obj})`),
  parse: (c) => (argCount(c, 2), { op: 'userUncharge', cpu: cpuOf(c), user: argName(c, 0, 'user'), obj: argName(c, 1, 'charge') }),
};

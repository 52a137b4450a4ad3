import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName, cpuOf, onCpu } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { cpuInvalid, firstInvalid } from './common.ts';

/** cgroup_rmdir: a live leaf without tasks goes offline; its obj_cgroups are reparented. */
export const rmdirOp: OpDef<'rmdir', { cg: number; cpu: number }> = {
  op: 'rmdir',
  fns: ['cgroup_rmdir'],
  doc: 'delete a leaf cgroup with no tasks (memcg offline, obj_cgroups reparented, freed at last ref)',
  raw: fc.record({ cg: fc.nat(), cpu: fc.nat() }),
  resolve: (raw, h) => {
    const name = pick(h.liveCgroups().filter((c) => spec.canRmdir(h.spec, c)), raw.cg);
    return name === undefined ? null : { op: 'rmdir', cpu: pick(h.onlineCpus(), raw.cpu)!, name };
  },
  invalid: (a, h) =>
    firstInvalid(cpuInvalid(h, a.cpu), spec.canRmdir(h.spec, a.name) ? null : `${a.name} is not a live leaf cgroup without tasks`),
  apply: (a, h) => {
    h.design.rmdir(a.cpu, a.name);
    h.spec = spec.rmdir(h.spec, a.name);
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, `cgroup_rmdir(${a.name})`),
  parse: (c) => (argCount(c, 1), { op: 'rmdir', cpu: cpuOf(c), name: argName(c, 0, 'cgroup') }),
};

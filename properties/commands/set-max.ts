import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argInt, argName, cpuOf, onCpu } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { PAGE_COUNTER_MAX, PAGE_SIZE, ROOT } from '../../src/kernel/constants.ts';
import { cpuInvalid, firstInvalid, liveCgroupInvalid } from './common.ts';

/*
 * Limits are generated relative to the bytes the cgroup really uses (from
 * the spec, not the design), so they land near the edge where batching and
 * stocks decide between success and -ENOMEM.
 */
export const setMaxOp: OpDef<'setMax', { cg: number; cpu: number; delta: number; unlimited: boolean }> = {
  op: 'setMax',
  fns: ['memory_max_write'],
  doc: 'write memory.max (pages) of a cgroup; drains stocks once if usage is above it',
  raw: fc.record({
    cg: fc.nat(),
    cpu: fc.nat(),
    // Mostly just above what is used, where one batch more does not fit.
    delta: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 80 }) }),
    unlimited: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 5, arbitrary: fc.constant(false) }),
  }),
  resolve: (raw, h) => {
    const cgroup = pick(h.liveCgroups().filter((c) => c !== ROOT), raw.cg);
    if (cgroup === undefined) return null;
    const used = Math.ceil(spec.subtreeBytes(h.spec, cgroup) / PAGE_SIZE);
    const pages = raw.unlimited ? PAGE_COUNTER_MAX : Math.max(0, used + raw.delta);
    return { op: 'setMax', cpu: pick(h.onlineCpus(), raw.cpu)!, cgroup, pages };
  },
  invalid: (a, h) => firstInvalid(cpuInvalid(h, a.cpu), a.cgroup === ROOT ? 'root has no memory.max' : liveCgroupInvalid(h, a.cgroup)),
  apply: (a, h) => {
    h.design.setMax(a.cpu, a.cgroup, a.pages);
    h.spec = spec.setMax(h.spec, a.cgroup, a.pages);
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, `memory_max_write(${a.cgroup}, ${a.pages === PAGE_COUNTER_MAX ? 'max' : a.pages})`),
  parse: (c) => {
    argCount(c, 2);
    const pages = c.args[1] === 'max' ? PAGE_COUNTER_MAX : argInt(c, 1, 'pages');
    return { op: 'setMax', cpu: cpuOf(c), cgroup: argName(c, 0, 'cgroup'), pages };
  },
};

import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName, cpuOf, onCpu } from '../notation.ts';
import { cpuInvalid, firstInvalid } from './common.ts';

/*
 * drain_all_stock(root): the calling CPU drains its own stock now, other
 * CPUs get a work item that runs as a later, separate step (runWork).
 */
export const drainAllOp: OpDef<'drainAll', { cg: number; cpu: number }> = {
  op: 'drainAll',
  fns: ['drain_all_stock'],
  doc: 'drain_all_stock(memcg) from a CPU: local stock now, other CPUs through queued work',
  raw: fc.record({ cg: fc.nat(), cpu: fc.nat() }),
  resolve: (raw, h) => ({ op: 'drainAll', cpu: pick(h.onlineCpus(), raw.cpu)!, root: pick(h.liveCgroups(), raw.cg)! }),
  invalid: (a, h) => firstInvalid(cpuInvalid(h, a.cpu), h.spec.cgroups.has(a.root) ? null : `no cgroup ${a.root}`),
  apply: (a, h) => {
    h.design.drainAllStock(a.cpu, a.root);
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, `drain_all_stock(${a.root})`),
  parse: (c) => (argCount(c, 1), { op: 'drainAll', cpu: cpuOf(c), root: argName(c, 0, 'memcg') }),
};

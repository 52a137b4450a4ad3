import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, cpuOf, onCpu } from '../notation.ts';
import { cpuInvalid } from './common.ts';

/* The stock-drain work queued by drain_all_stock runs on its CPU. */
export const runWorkOp: OpDef<'runWork', number> = {
  op: 'runWork',
  fns: ['drain_local_stock'],
  doc: 'the drain work queued on a CPU by drain_all_stock runs (a separate, later step)',
  raw: fc.nat(),
  resolve: (ix, h) => {
    const cpu = pick(
      h.state.cpus.filter((c) => c.online && c.workPending).map((c) => c.cpu),
      ix,
    );
    return cpu === undefined ? null : { op: 'runWork', cpu };
  },
  invalid: (a, h) => cpuInvalid(h, a.cpu),
  apply: (a, h) => {
    h.design.runWork(a.cpu);
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, 'drain_local_stock()'),
  parse: (c) => (argCount(c, 0), { op: 'runWork', cpu: cpuOf(c) }),
};

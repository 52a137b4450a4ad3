import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argCpu } from '../notation.ts';

/* An offline CPU comes back, with empty stocks. */
export const cpuUpOp: OpDef<'cpuUp', number> = {
  op: 'cpuUp',
  fns: ['cpu_up'],
  doc: 'an offline CPU comes back online with empty stocks',
  raw: fc.nat(),
  resolve: (ix, h) => {
    const cpu = pick(
      h.env.online.flatMap((on, c) => (on ? [] : [c])),
      ix,
    );
    return cpu === undefined ? null : { op: 'cpuUp', cpu };
  },
  invalid: (a, h) => (a.cpu >= 0 && a.cpu < h.config.nrCpus && !h.env.online[a.cpu] ? null : `cpu${a.cpu} is not an offline CPU`),
  apply: (a, h) => {
    h.design.cpuOnline(a.cpu);
    h.env.online[a.cpu] = true;
    return { result: '', failedCharge: false };
  },
  format: (a) => `cpu_up(cpu${a.cpu})`,
  parse: (c) => (argCount(c, 1), { op: 'cpuUp', cpu: argCpu(c, 0) }),
};

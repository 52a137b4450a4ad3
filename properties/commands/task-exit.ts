import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';

/*
 * A task exits. Only the quiescence teardown uses it (a world without tasks
 * explores nothing), but scripts may too.
 */
export const taskExitOp: OpDef<'exit', number> = {
  op: 'exit',
  fns: ['do_exit'],
  doc: 'a task exits (mem_cgroup_exit); used by the quiescence teardown',
  raw: fc.nat(),
  resolve: (ix, h) => {
    const task = pick(h.tasks(), ix);
    return task === undefined ? null : { op: 'exit', task };
  },
  invalid: (a, h) => (h.env.taskCpu.has(a.task) ? null : `no task ${a.task}`),
  apply: (a, h) => {
    h.design.taskExit(a.task);
    h.env.taskCpu.delete(a.task);
    h.spec = spec.taskExit(h.spec, a.task);
    return { result: '', failedCharge: false };
  },
  format: (a) => `do_exit(${a.task})`,
  parse: (c) => (argCount(c, 1), { op: 'exit', task: argName(c, 0, 'task') }),
};

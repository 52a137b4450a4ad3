import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argCpu, argName } from '../notation.ts';
import { cpuInvalid, firstInvalid } from './common.ts';

/*
 * The "CPU switch": the scheduler moves a task to another CPU, whose stocks
 * may cache another cgroup. This is the situation of Roman's objection (2).
 */
export const runOnOp: OpDef<'runOn', { task: number; cpu: number }> = {
  op: 'runOn',
  fns: ['set_task_cpu'],
  doc: 'a task runs on another CPU from now on (the CPU switch of objection 2)',
  raw: fc.record({ task: fc.nat(), cpu: fc.nat() }),
  resolve: (raw, h) => {
    const task = pick(h.tasks(), raw.task)!;
    const cpu = pick(
      h.onlineCpus().filter((c) => c !== h.env.taskCpu.get(task)),
      raw.cpu,
    );
    return cpu === undefined ? null : { op: 'runOn', task, cpu };
  },
  invalid: (a, h) => firstInvalid(h.env.taskCpu.has(a.task) ? null : `no task ${a.task}`, cpuInvalid(h, a.cpu)),
  apply: (a, h) => {
    h.design.taskRunOn(a.task, a.cpu);
    h.env.taskCpu.set(a.task, a.cpu);
    return { result: '', failedCharge: false };
  },
  format: (a) => `set_task_cpu(${a.task}, cpu${a.cpu})`,
  parse: (c) => (argCount(c, 2), { op: 'runOn', task: argName(c, 0, 'task'), cpu: argCpu(c, 1) }),
};

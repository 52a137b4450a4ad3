import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName, byTask, taskOf } from '../notation.ts';
import { cpuInvalid, firstInvalid, taskInvalid } from './common.ts';

/*
 * A kernel user keeps an obj_cgroup across steps, as long-lived kernel
 * objects (percpu chunks, in-flight allocations) do: it takes the task's
 * obj_cgroup now and charges through it later, possibly after the cgroup
 * has been deleted and the obj_cgroup reparented.
 */
export const userGetOp: OpDef<'userGet', number> = {
  op: 'userGet',
  fns: ['get_obj_cgroup_from_current'],
  doc: "a kernel user takes the task's obj_cgroup and keeps it across steps",
  raw: fc.nat(),
  resolve: (taskIx, h) => {
    if (h.env.users.size >= 3) return null;
    const task = pick(h.tasks(), taskIx)!;
    return { op: 'userGet', task, cpu: h.env.taskCpu.get(task)!, cgroup: h.taskCgroup(task) };
  },
  invalid: (a, h) => firstInvalid(cpuInvalid(h, a.cpu), taskInvalid(h, a.task, a.cpu, a.cgroup)),
  apply: (a, h) => {
    const user = h.newUser();
    h.design.userGet(user, a.task);
    h.env.users.set(user, { origin: a.cgroup, objs: new Set() });
    return { result: user, failedCharge: false };
  },
  format: (a) => byTask(a.cpu, a.task, `get_obj_cgroup_from_current(${a.cgroup})`),
  parse: (c) => (argCount(c, 1), { op: 'userGet', ...taskOf(c), cgroup: argName(c, 0, 'cgroup') }),
};

import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { ROOT } from '../../src/kernel/constants.ts';
import { firstInvalid, liveCgroupInvalid } from './common.ts';

/* A task is moved to another live cgroup (never root: root is not charged). */
export const attachOp: OpDef<'attach', { task: number; cg: number }> = {
  op: 'attach',
  fns: ['cgroup_attach_task'],
  doc: 'move a task to another live non-root cgroup',
  raw: fc.record({ task: fc.nat(), cg: fc.nat() }),
  resolve: (raw, h) => {
    const task = pick(h.tasks(), raw.task)!;
    const cgroup = pick(
      h.liveCgroups().filter((c) => c !== ROOT && c !== h.taskCgroup(task)),
      raw.cg,
    );
    return cgroup === undefined ? null : { op: 'attach', task, cgroup };
  },
  invalid: (a, h) =>
    firstInvalid(
      h.env.taskCpu.has(a.task) ? null : `no task ${a.task}`,
      a.cgroup === ROOT ? 'tasks are not moved to root (root is not charged)' : liveCgroupInvalid(h, a.cgroup),
    ),
  apply: (a, h) => {
    h.design.taskMove(a.task, a.cgroup);
    h.spec = spec.taskMove(h.spec, a.task, a.cgroup);
    return { result: '', failedCharge: false };
  },
  format: (a) => `cgroup_attach_task(${a.cgroup}, ${a.task})`,
  parse: (c) => (argCount(c, 2), { op: 'attach', cgroup: argName(c, 0, 'cgroup'), task: argName(c, 1, 'task') }),
};

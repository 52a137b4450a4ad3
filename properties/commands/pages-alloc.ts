import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argKey, argName, byTask, taskOf } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';
import { cpuInvalid, firstInvalid, taskInvalid } from './common.ts';

export const MAX_PAGE_ORDER = 3;

/* alloc_pages(GFP_KERNEL_ACCOUNT, order): a kmem page charged whole. */
export const pagesAllocOp: OpDef<'pagesAlloc', { task: number; order: number }> = {
  op: 'pagesAlloc',
  fns: ['alloc_pages'],
  doc: 'a task allocates an accounted kmem page of order 0..3 (__memcg_kmem_charge_page)',
  raw: fc.record({ task: fc.nat(), order: fc.nat(MAX_PAGE_ORDER) }),
  resolve: (raw, h) => {
    const task = pick(h.tasks(), raw.task)!;
    return { op: 'pagesAlloc', task, cpu: h.env.taskCpu.get(task)!, cgroup: h.taskCgroup(task), order: raw.order };
  },
  invalid: (a, h) =>
    firstInvalid(cpuInvalid(h, a.cpu), taskInvalid(h, a.task, a.cpu, a.cgroup), a.order <= MAX_PAGE_ORDER ? null : `order ${a.order} above ${MAX_PAGE_ORDER}`),
  apply: (a, h) => {
    const page = h.newPage();
    if (!h.design.pagesAlloc(a.task, page, a.order)) return { result: '-ENOMEM', failedCharge: true };
    h.spec = spec.charge(h.spec, page, a.cgroup, PAGE_SIZE << a.order);
    h.env.objects.set(page, { kind: 'page', order: a.order });
    return { result: page, failedCharge: false };
  },
  format: (a) => byTask(a.cpu, a.task, `alloc_pages(${a.cgroup}, order=${a.order})`),
  parse: (c) => {
    argCount(c, 2);
    const order = argKey(c, 1, 'order', (v) => (/^\d+$/.test(v) ? Number(v) : undefined), 0);
    return { op: 'pagesAlloc', ...taskOf(c), cgroup: argName(c, 0, 'cgroup'), order };
  },
};

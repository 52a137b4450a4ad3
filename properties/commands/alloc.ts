import fc from 'fast-check';
import { pick, ScriptError, type ActionOf, type OpDef } from '../actions.ts';
import { argInt, argKey, argName, byTask, taskOf } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { DesignError } from '../harness.ts';
import { cpuInvalid, firstInvalid, taskInvalid } from './common.ts';
import { rawSize, resolveSize, type RawSize } from './sizes.ts';

type Alloc = ActionOf<'alloc'>;

/*
 * Slab allocation by a task on its CPU: one object (kmem_cache_alloc) or a
 * bulk allocation (kmem_cache_alloc_bulk) in which the allocator itself may
 * fail some objects, as the version's slab hooks see it.
 */
export const allocOp: OpDef<'alloc', { task: number; size: RawSize; count: number; fail: number }> = {
  op: 'alloc',
  fns: ['kmem_cache_alloc', 'kmem_cache_alloc_bulk'],
  doc: 'a task allocates accounted slab object(s) of a size on its CPU (obj_cgroup_charge through the slab hooks)',
  raw: fc.record({
    task: fc.nat(),
    size: rawSize,
    count: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) }),
    fail: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(15) }),
  }),
  resolve: (raw, h) => {
    if (raw.count < 1) return null; // the minimiser lowers raw values below the generator's range
    const task = pick(h.tasks(), raw.task)!;
    const cpu = h.env.taskCpu.get(task)!;
    const fail = [...Array(raw.count).keys()].filter((i) => raw.count > 1 && (raw.fail >> i) & 1);
    const size = resolveSize(raw.size, h.config.nrCpus);
    return { op: 'alloc', task, cpu, cgroup: h.taskCgroup(task), size, count: raw.count, fail };
  },
  invalid: (a, h) =>
    firstInvalid(cpuInvalid(h, a.cpu), taskInvalid(h, a.task, a.cpu, a.cgroup), a.count >= 1 ? null : `an allocation of ${a.count} objects`),
  apply: (a, h) => {
    const objs = Array.from({ length: a.count }, () => h.newObj());
    const failures = objs.map((_, i) => a.fail.includes(i));
    const got = h.design.slabAlloc(a.task, objs, a.size, failures);
    if (got === null) return { result: '-ENOMEM', failedCharge: true };
    const bad = got.find((o) => !objs.includes(o) || failures[objs.indexOf(o)]);
    if (bad !== undefined) throw new DesignError(h.steps, format(a), new Error(`slabAlloc returned ${bad}, which was not a successful allocation`));
    for (const o of got) {
      h.spec = spec.charge(h.spec, o, a.cgroup, a.size);
      h.env.objects.set(o, { kind: 'slab' });
    }
    return { result: got.length ? got.join(' ') : '(allocator failed)', failedCharge: false };
  },
  format,
  parse: (c) => {
    const { cpu, task } = taskOf(c);
    const cgroup = argName(c, 0, 'cgroup');
    const size = argInt(c, 1, 'size', 1);
    if (c.fn === 'kmem_cache_alloc') {
      if (c.args.length !== 2) throw new ScriptError(c.line, `kmem_cache_alloc takes (cgroup, size), found ${c.args.length} arguments`);
      return { op: 'alloc', task, cpu, cgroup, size, count: 1, fail: [] };
    }
    const count = argInt(c, 2, 'count', 1);
    const fail = argKey(c, 3, 'fail', parseIndexList, []);
    if (fail.some((i) => i >= count)) throw new ScriptError(c.line, `fail index out of range 0..${count - 1}`);
    return { op: 'alloc', task, cpu, cgroup, size, count, fail };
  },
};

function format(a: Alloc): string {
  if (a.count === 1 && a.fail.length === 0) return byTask(a.cpu, a.task, `kmem_cache_alloc(${a.cgroup}, ${a.size})`);
  const fail = a.fail.length ? `, fail=[${a.fail.join(',')}]` : '';
  return byTask(a.cpu, a.task, `kmem_cache_alloc_bulk(${a.cgroup}, ${a.size}, ${a.count}${fail})`);
}

function parseIndexList(v: string): number[] | undefined {
  const m = /^\[\s*(\d+(?:\s*,\s*\d+)*)?\s*\]$/.exec(v);
  return m ? (m[1] ?? '').split(',').filter((x) => x.trim() !== '').map(Number) : undefined;
}

import fc from 'fast-check';
import { pick, ScriptError, type OpDef } from '../actions.ts';
import { argName, cpuOf, onCpu } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { cpuInvalid, firstInvalid, objInvalid } from './common.ts';

/* Slab objects are freed on any online CPU, not only the allocating one. */
export const freeOp: OpDef<'free', { cpu: number; objs: number[] }> = {
  op: 'free',
  fns: ['kmem_cache_free', 'kmem_cache_free_bulk'],
  doc: 'free slab object(s) on any CPU (obj_cgroup_uncharge through the free hook)',
  raw: fc.record({ cpu: fc.nat(), objs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
  resolve: (raw, h) => {
    const live = h.liveObjects('slab');
    const objs = [...new Set(raw.objs.map((ix) => pick(live, ix)!))].filter((o) => o !== undefined);
    return objs.length === 0 ? null : { op: 'free', cpu: pick(h.onlineCpus(), raw.cpu)!, objs };
  },
  invalid: (a, h) =>
    firstInvalid(cpuInvalid(h, a.cpu), ...a.objs.map((o) => objInvalid(h, o, 'slab')), new Set(a.objs).size === a.objs.length ? null : 'an object is freed twice'),
  apply: (a, h) => {
    h.design.slabFree(a.cpu, a.objs);
    for (const o of a.objs) {
      h.spec = spec.uncharge(h.spec, o);
      h.env.objects.delete(o);
    }
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, a.objs.length === 1 ? `kmem_cache_free(${a.objs[0]})` : `kmem_cache_free_bulk(${a.objs.join(', ')})`),
  parse: (c) => {
    if (c.args.length === 0 || (c.fn === 'kmem_cache_free' && c.args.length !== 1))
      throw new ScriptError(c.line, `${c.fn} takes ${c.fn === 'kmem_cache_free' ? 'one object' : 'one or more objects'}`);
    return { op: 'free', cpu: cpuOf(c), objs: c.args.map((_, i) => argName(c, i, 'object')) };
  },
};

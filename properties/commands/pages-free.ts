import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName, cpuOf, onCpu } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { cpuInvalid, firstInvalid, objInvalid } from './common.ts';

/* __free_pages of a kmem page on any CPU (__memcg_kmem_uncharge_page). */
export const pagesFreeOp: OpDef<'pagesFree', { page: number; cpu: number }> = {
  op: 'pagesFree',
  fns: ['__free_pages'],
  doc: 'free a kmem page on any CPU (__memcg_kmem_uncharge_page)',
  raw: fc.record({ page: fc.nat(), cpu: fc.nat() }),
  resolve: (raw, h) => {
    const page = pick(h.liveObjects('page'), raw.page);
    return page === undefined ? null : { op: 'pagesFree', cpu: pick(h.onlineCpus(), raw.cpu)!, page };
  },
  invalid: (a, h) => firstInvalid(cpuInvalid(h, a.cpu), objInvalid(h, a.page, 'page')),
  apply: (a, h) => {
    h.design.pagesFree(a.cpu, a.page);
    h.spec = spec.uncharge(h.spec, a.page);
    h.env.objects.delete(a.page);
    return { result: '', failedCharge: false };
  },
  format: (a) => onCpu(a.cpu, `__free_pages(${a.page})`),
  parse: (c) => (argCount(c, 1), { op: 'pagesFree', cpu: cpuOf(c), page: argName(c, 0, 'page') }),
};

import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName } from '../notation.ts';
import * as spec from '../../models/memcg-spec.ts';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';

/* split_page: a high-order kmem page becomes order-0 pages, each freed on its own. */
export const pagesSplitOp: OpDef<'pagesSplit', number> = {
  op: 'pagesSplit',
  fns: ['split_page'],
  doc: 'split a kmem page of order k > 0 into 2^k order-0 pages (split_page_memcg)',
  raw: fc.nat(),
  resolve: (ix, h) => {
    const page = pick(
      h.liveObjects('page').filter((p) => h.env.objects.get(p)!.order! > 0),
      ix,
    );
    return page === undefined ? null : { op: 'pagesSplit', page };
  },
  invalid: (a, h) => {
    const o = h.env.objects.get(a.page);
    return o?.kind === 'page' && o.order! > 0 ? null : `${a.page} is not a live kmem page of order > 0`;
  },
  apply: (a, h) => {
    const n = 1 << h.env.objects.get(a.page)!.order!;
    const parts = [a.page, ...Array.from({ length: n - 1 }, () => h.newPage())];
    h.design.pagesSplit(a.page, parts);
    h.spec = spec.split(h.spec, a.page, parts.map((name) => ({ name, bytes: PAGE_SIZE })));
    for (const p of parts) h.env.objects.set(p, { kind: 'page', order: 0 });
    return { result: parts.join(' '), failedCharge: false };
  },
  format: (a) => `split_page(${a.page})`,
  parse: (c) => (argCount(c, 1), { op: 'pagesSplit', page: argName(c, 0, 'page') }),
};

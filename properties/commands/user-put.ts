import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argName } from '../notation.ts';

/* The kernel user drops its obj_cgroup once nothing is charged through it. */
export const userPutOp: OpDef<'userPut', number> = {
  op: 'userPut',
  fns: ['obj_cgroup_put'],
  doc: 'a kernel user with nothing charged puts its obj_cgroup reference',
  raw: fc.nat(),
  resolve: (ix, h) => {
    const user = pick(
      [...h.env.users].filter(([, u]) => u.objs.size === 0).map(([n]) => n),
      ix,
    );
    return user === undefined ? null : { op: 'userPut', user };
  },
  invalid: (a, h) => {
    const u = h.env.users.get(a.user);
    if (!u) return `no kernel user ${a.user}`;
    return u.objs.size ? `${a.user} still has charges ${[...u.objs].join(', ')}` : null;
  },
  apply: (a, h) => {
    h.design.userPut(a.user);
    h.env.users.delete(a.user);
    return { result: '', failedCharge: false };
  },
  format: (a) => `obj_cgroup_put(${a.user})`,
  parse: (c) => (argCount(c, 1), { op: 'userPut', user: argName(c, 0, 'user') }),
};

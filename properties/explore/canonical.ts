/*
 * The canonical state key: two states get the same key only when they
 * behave the same from there on, up to the names of things.
 *
 * A state is the spec, the driver's bookkeeping (env) and the design's
 * snapshot. The key writes all three out with every name replaced by a
 * number that depends on structure, not on spelling:
 *   - cgroups by creation order (cgroupOrder), which the teardown and the
 *     designs' own lists follow, so the order is kept, not just the set;
 *   - objects, kmem pages and kernel users by the order they were created
 *     in among those still live (the harness's insertion order, which the
 *     teardown frees in), so "o1 freed, o2 live" and "o2 freed, o1 live"
 *     meet when o1 and o2 were alike;
 *   - tasks by their fixed names.
 * Counters the harness only uses to make up fresh names (nextObj, ...) are
 * left out. So is what no invariant reads and no design acts on: failcnt,
 * the shared-operation costs, the last step's forcedCharge, warning
 * messages (only the set of warning sites stays, for WARN_ONCE).
 *
 * CPU symmetry: with `perms`, the key is the least over CPU relabellings,
 * so a state and its mirror image (cpu0 and cpu1 exchanged, tasks and
 * stocks with them) meet. That is sound only if designs, invariants and
 * the teardown treat CPUs alike; the explorer (bfs.ts) checks the teardown
 * on every relabelling and gives up symmetry where it finds a difference.
 *
 * What the key cannot see: design state that the snapshot does not show
 * (a hidden random generator state, slot positions dropped from a page
 * stock list). A design whose future depends on such state must show it
 * in its snapshot for exploration to be exact.
 */

import type { DesignState } from '../../src/design.ts';
import type { Harness } from '../harness.ts';

/** Every permutation of 0..n-1 (identity first); `perm[cpu]` is the new number. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [[0].slice(0, n)];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let i = rest.length; i >= 0; i--) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  return out.sort((a, b) => a.join().localeCompare(b.join()));
}

/**
 * The key under one CPU relabelling `perm` (old cpu -> new cpu). It is
 * built by string concatenation over small arrays: this runs once per
 * transition, and Maps or intermediate arrays per call cost more than the
 * linear lookups they would save.
 */
export function stateKey(h: Harness, perm: readonly number[]): string {
  const env = h.env;
  const order = env.cgroupOrder;

  let k = '';
  // spec: cgroups in creation order
  for (const c of order) {
    const s = h.spec.cgroups.get(c)!;
    k += `c${cgId(order, s.parent)},${s.alive ? 1 : 0},${s.maxPages};`;
  }
  // tasks: cgroup and CPU
  for (const [t, c] of h.spec.tasks) k += `t${t}:${cgId(order, c)}@${cpuId(perm, env.taskCpu.get(t))};`;
  // online CPUs, renumbered
  const online: number[] = [];
  env.online.forEach((on, c) => (online[perm[c]!] = on ? 1 : 0));
  k += `on${online.join('')};`;
  // live objects in creation order; kernel users by creation order
  const users = [...env.users.keys()];
  for (const [name, o] of env.objects) {
    const s = h.spec.objects.get(name);
    k += `o${o.kind[0]}${cgId(order, s?.origin ?? null)},${s?.bytes ?? '?'},${o.user === undefined ? '' : users.indexOf(o.user)},${o.order ?? ''};`;
  }
  if (users.length) {
    const objs = [...env.objects.keys()];
    for (const u of env.users.values()) k += `u${cgId(order, u.origin)}:${[...u.objs].map((o) => objs.indexOf(o)).join(',')};`;
  }
  return k + designKey(h.state, order, perm);
}

/** Index of cgroup `name` in `order` (creation order), or "?name" for a name the harness never created. */
function cgId(order: readonly string[], name: string | null): string {
  if (name === null) return '-';
  const i = order.indexOf(name);
  return i >= 0 ? String(i) : `?${name}`;
}

function cpuId(perm: readonly number[], c: number | null | undefined): string {
  return c === null || c === undefined ? '-' : String(perm[c] ?? `?${c}`);
}

function designKey(s: DesignState, order: readonly string[], perm: readonly number[]): string {
  // Designs list memcgs and obj_cgroups in creation order, so the order is kept as given.
  let k = '';
  for (const m of s.memcgs) k += `M${cgId(order, m.name)}<${cgId(order, m.parent)},${m.online ? 1 : 0}${m.freed ? 1 : 0},${m.usage},${m.max},${m.refs};`;
  for (const o of s.objcgs) k += `G${cgId(order, o.name)}>${cgId(order, o.memcg)},${o.refs},${o.nrChargedBytes},${o.killed ? 1 : 0}${o.released ? 1 : 0};`;
  const cpus: string[] = [];
  for (const c of s.cpus) {
    let stock = '';
    for (const p of c.pageStock) stock += `${cgId(order, p.memcg)}:${p.nrPages} `;
    const obj = c.objStock ? `${c.objStock.kind[0]}${cgId(order, c.objStock.cached)}:${c.objStock.nrBytes}` : '-';
    cpus[Number(cpuId(perm, c.cpu))] = `C${c.online ? 1 : 0}${c.workPending ? 1 : 0}[${stock}]${obj}`;
  }
  k += cpus.join('') + ';';
  for (const t of s.tasks) k += `T${t.name}:${cgId(order, t.cgroup)}@${cpuId(perm, t.cpu)}>${cgId(order, t.cachedObjcg)};`;
  const pre: string[] = [];
  for (const p of s.precharged) if (p.bytes !== 0) pre.push(`P${cgId(order, p.memcg)},${p.bytes},${cpuId(perm, p.cpu)}`);
  k += pre.sort().join('');
  if (s.warnings.length) k += `;W${[...new Set(s.warnings.map((w) => w.where))].sort().join('|')}`;
  return k;
}

/** The canonical key: the least `stateKey` over the given CPU relabellings. */
export function canonicalKey(h: Harness, perms: readonly (readonly number[])[]): string {
  let best = stateKey(h, perms[0]!);
  for (let i = 1; i < perms.length; i++) {
    const k = stateKey(h, perms[i]!);
    if (k < best) best = k;
  }
  return best;
}

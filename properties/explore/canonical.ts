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

/** The key under one CPU relabelling `perm` (old cpu -> new cpu). */
export function stateKey(h: Harness, perm: readonly number[]): string {
  const env = h.env;
  const cg = new Map<string, number>();
  env.cgroupOrder.forEach((c, i) => cg.set(c, i));
  const cgId = (c: string | null): string => (c === null ? '-' : String(cg.get(c) ?? `?${c}`));
  const obj = new Map<string, number>();
  let i = 0;
  for (const o of env.objects.keys()) obj.set(o, i++);
  const user = new Map<string, number>();
  i = 0;
  for (const u of env.users.keys()) user.set(u, i++);
  const cpu = (c: number | null): string => (c === null ? '-' : String(perm[c] ?? `?${c}`));

  const parts: string[] = [];
  // spec: cgroups in creation order
  for (const c of env.cgroupOrder) {
    const s = h.spec.cgroups.get(c)!;
    parts.push(`c${cgId(s.parent)},${s.alive ? 1 : 0},${s.maxPages}`);
  }
  // tasks: cgroup and CPU
  for (const [t, c] of h.spec.tasks) parts.push(`t${t}:${cgId(c)}@${cpu(env.taskCpu.get(t) ?? null)}`);
  // online CPUs, renumbered
  const online: number[] = [];
  env.online.forEach((on, c) => (online[perm[c]!] = on ? 1 : 0));
  parts.push(`on${online.join('')}`);
  // live objects in creation order
  for (const [name, o] of env.objects) {
    const s = h.spec.objects.get(name);
    parts.push(`o${o.kind[0]}${cgId(s?.origin ?? null)},${s?.bytes ?? '?'},${o.user === undefined ? '' : user.get(o.user)},${o.order ?? ''}`);
  }
  for (const u of env.users.values()) parts.push(`u${cgId(u.origin)}:${[...u.objs].map((o) => obj.get(o)).join(',')}`);
  parts.push(designKey(h.state, cgId, cpu));
  return parts.join(';');
}

function designKey(s: DesignState, cgId: (c: string | null) => string, cpu: (c: number | null) => string): string {
  const parts: string[] = [];
  for (const m of [...s.memcgs].sort((a, b) => Number(cgId(a.name)) - Number(cgId(b.name))))
    parts.push(`M${cgId(m.name)}<${cgId(m.parent)},${m.online ? 1 : 0}${m.freed ? 1 : 0},${m.usage},${m.max},${m.refs}`);
  for (const o of [...s.objcgs].sort((a, b) => Number(cgId(a.name)) - Number(cgId(b.name))))
    parts.push(`G${cgId(o.name)}>${cgId(o.memcg)},${o.refs},${o.nrChargedBytes},${o.killed ? 1 : 0}${o.released ? 1 : 0}`);
  const cpus: string[] = [];
  for (const c of s.cpus) {
    const stock = c.pageStock.map((p) => `${cgId(p.memcg)}:${p.nrPages}`).join(' ');
    const obj = c.objStock ? `${c.objStock.kind[0]}${cgId(c.objStock.cached)}:${c.objStock.nrBytes}` : '-';
    cpus[Number(cpu(c.cpu))] = `C${c.online ? 1 : 0}${c.workPending ? 1 : 0}[${stock}]${obj}`;
  }
  parts.push(cpus.join(''));
  for (const t of s.tasks) parts.push(`T${t.name}:${cgId(t.cgroup)}@${cpu(t.cpu)}>${cgId(t.cachedObjcg)}`);
  parts.push(
    s.precharged
      .filter((p) => p.bytes !== 0)
      .map((p) => `P${cgId(p.memcg)},${p.bytes},${cpu(p.cpu)}`)
      .sort()
      .join(''),
  );
  if (s.warnings.length) parts.push(`W${[...new Set(s.warnings.map((w) => w.where))].sort().join('|')}`);
  return parts.join(';');
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

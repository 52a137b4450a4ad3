/*
 * A design seen with its CPUs renumbered.
 *
 * `relabelCpus(inner, perm)` is the same kernel with CPU c called
 * perm[c]: every call's CPU is mapped back before it reaches `inner`, and
 * the snapshot's CPUs, task placements and pre-charge holders are mapped
 * forward. `viewHarness` does the same to a harness's bookkeeping. The
 * explorer uses it to run the quiescence teardown (which always works from
 * cpu0) on the mirror image of a state, to check that CPU symmetry may be
 * assumed for it.
 */

import type { DesignInstance, DesignState } from '../../src/design.ts';
import type { Harness } from '../harness.ts';
import { copyEnv, harnessWith } from './branch.ts';

function inverse(perm: readonly number[]): number[] {
  const inv: number[] = [];
  perm.forEach((to, from) => (inv[to] = from));
  return inv;
}

/** `inner` with CPU c renamed perm[c]. */
export function relabelCpus(inner: DesignInstance, perm: readonly number[]): DesignInstance {
  const back = inverse(perm);
  const to = (c: number): number => perm[c]!;
  const from = (c: number): number => back[c]!;
  const where = (w: string): string => w.replace(/\bcpu(\d+)\b/g, (_, c: string) => `cpu${perm[Number(c)] ?? c}`);
  return {
    mkdir: (name, parent) => inner.mkdir(name, parent),
    rmdir: (cpu, name) => inner.rmdir(from(cpu), name),
    setMax: (cpu, name, maxPages) => inner.setMax(from(cpu), name, maxPages),
    taskRunOn: (task, cpu) => inner.taskRunOn(task, from(cpu)),
    taskMove: (task, cgroup) => inner.taskMove(task, cgroup),
    taskExit: (task) => inner.taskExit(task),
    slabAlloc: (task, objs, size, failures) => inner.slabAlloc(task, objs, size, failures),
    slabFree: (cpu, objs) => inner.slabFree(from(cpu), objs),
    userGet: (user, task) => inner.userGet(user, task),
    userCharge: (cpu, user, obj, size) => inner.userCharge(from(cpu), user, obj, size),
    userUncharge: (cpu, user, obj) => inner.userUncharge(from(cpu), user, obj),
    userPut: (user) => inner.userPut(user),
    pagesAlloc: (task, page, order) => inner.pagesAlloc(task, page, order),
    pagesSplit: (page, parts) => inner.pagesSplit(page, parts),
    pagesFree: (cpu, page) => inner.pagesFree(from(cpu), page),
    drainAllStock: (cpu, root) => inner.drainAllStock(from(cpu), root),
    runWork: (cpu) => inner.runWork(from(cpu)),
    cpuOffline: (cpu) => inner.cpuOffline(from(cpu)),
    cpuOnline: (cpu) => inner.cpuOnline(from(cpu)),
    snapshot(): DesignState {
      const s = inner.snapshot();
      return {
        ...s,
        cpus: s.cpus.map((c) => ({ ...c, cpu: to(c.cpu) })).sort((a, b) => a.cpu - b.cpu),
        tasks: s.tasks.map((t) => ({ ...t, cpu: to(t.cpu) })),
        precharged: s.precharged.map((p) => ({ ...p, cpu: p.cpu === null ? null : to(p.cpu), where: where(p.where) })),
      };
    },
    ...(inner.clone ? { clone: () => relabelCpus(inner.clone!(), perm) } : {}),
  };
}

/**
 * A harness in the mirror image of `h`'s state under `perm`. It takes
 * over `h`'s design: pass a branch, and do not use `h` afterwards.
 */
export function viewHarness(h: Harness, perm: readonly number[]): Harness {
  const design = relabelCpus(h.design, perm);
  const env = copyEnv(h.env);
  h.env.online.forEach((on, c) => (env.online[perm[c]!] = on));
  for (const [t, c] of h.env.taskCpu) env.taskCpu.set(t, perm[c]!);
  const v = harnessWith(h, design, env);
  v.state = design.snapshot();
  return v;
}

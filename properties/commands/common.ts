/*
 * Checks shared by the commands: whether a call can run in this state.
 * Each returns why not, in one line naming what was expected and found.
 */

import type { Harness } from '../harness.ts';

export function cpuInvalid(h: Harness, cpu: number): string | null {
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= h.config.nrCpus) return `cpu${cpu} does not exist (cpus 0..${h.config.nrCpus - 1})`;
  return h.env.online[cpu] ? null : `cpu${cpu} is offline`;
}

/** A call by `task`, printed as made on `cpu` by a task of `cgroup`. */
export function taskInvalid(h: Harness, task: string, cpu: number, cgroup?: string): string | null {
  const at = h.env.taskCpu.get(task);
  if (at === undefined) return `no task ${task} (tasks: ${h.tasks().join(', ')})`;
  if (at !== cpu) return `${task} runs on cpu${at}, not cpu${cpu}`;
  if (cgroup !== undefined && h.taskCgroup(task) !== cgroup) return `${task} is in cgroup ${h.taskCgroup(task)}, not ${cgroup}`;
  return null;
}

export function liveCgroupInvalid(h: Harness, cgroup: string): string | null {
  return h.spec.cgroups.get(cgroup)?.alive ? null : `no live cgroup ${cgroup} (live: ${h.liveCgroups().join(', ')})`;
}

export function objInvalid(h: Harness, obj: string, kind: 'slab' | 'user' | 'page'): string | null {
  const o = h.env.objects.get(obj);
  if (!o) return `no live object ${obj}`;
  return o.kind === kind ? null : `${obj} is a ${o.kind} ${o.kind === 'page' ? '' : 'object '}, not a ${kind}`.replace('  ', ' ');
}

export function firstInvalid(...reasons: (string | null)[]): string | null {
  return reasons.find((r) => r !== null) ?? null;
}

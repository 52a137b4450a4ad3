/*
 * Tasks in cgroups, as far as memcg sees them (kernel/cgroup/cgroup.c and
 * mm/memcontrol.c v6.18): placement, migration and exit, with the css
 * reference of the css_set.
 *
 * A css_set holds one reference on each css it names (find_css_set /
 * put_css_set_locked). Tasks of one cgroup share one css_set here (only
 * the memory controller is modelled), so a memcg's css carries one
 * reference while it has at least one task. The root css is CSS_NO_REF.
 */

import { cssGet, cssPut } from './css.ts';
import { memCgroupExit, memCgroupFork, memCgroupKmemAttach } from './current-objcg.ts';
import type { Kernel, MemCgroup, Task } from './structs.ts';

/* find_css_set (v6.18): the first task of a cgroup creates its css_set */
function cssSetGet(k: Kernel, memcg: MemCgroup): void {
  if (memcg.nrTasks++ === 0) cssGet(k, memcg);
}

/* put_css_set_locked (v6.18): the last task gone, the css_set goes */
function cssSetPut(k: Kernel, memcg: MemCgroup): void {
  if (--memcg.nrTasks === 0) cssPut(k, memcg);
}

/**
 * taskCreate - copy_process + cgroup_attach_task (v6.18): a task of the initial world
 *
 * mem_cgroup_fork() leaves task->objcg = CURRENT_OBJCG_UPDATE_FLAG; the
 * objcg is looked up at the first accounted allocation.
 */
export function taskCreate(k: Kernel, name: string, memcg: MemCgroup, cpu: number): Task {
  const task: Task = { name, memcg, cpu, objcg: null, objcgUpdate: true };
  memCgroupFork(task);
  cssSetGet(k, memcg);
  k.tasks.set(name, task);
  return task;
}

/**
 * taskMigrate - cgroup_attach_task -> mem_cgroup_attach (v6.18)
 *
 * A move to the cgroup the task is already in migrates nothing
 * (cgroup_migrate_prepare_dst() drops a src == dst css_set) and
 * ->attach() is not called.
 */
export function taskMigrate(k: Kernel, task: Task, to: MemCgroup): void {
  if (task.memcg === to) return;
  const from = task.memcg;
  cssSetGet(k, to); // the destination css_set exists before the move
  task.memcg = to;
  memCgroupKmemAttach(task); // mem_cgroup_attach()
  cssSetPut(k, from); // cgroup_migrate_finish(): the source css_set is put
}

/**
 * taskExit - do_exit -> cgroup_exit -> mem_cgroup_exit, then cgroup_free (v6.18)
 *
 * The task is taken to be reaped at once, so its css_set reference goes
 * in the same step.
 */
export function taskExit(k: Kernel, task: Task): void {
  memCgroupExit(k, task);
  k.tasks.delete(task.name);
  cssSetPut(k, task.memcg);
}

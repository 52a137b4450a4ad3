/*
 * percpu_ref-style reference counts (lib/percpu-refcount.c), which both a
 * memcg's css and an obj_cgroup use.
 *
 * A ref starts live with one initial reference. While live (percpu mode) a
 * count that dips to zero or below releases nothing: only the sum matters.
 * percpu_ref_kill() drops the initial reference and switches to atomic
 * mode; from then a put that reaches zero calls release(). The kernel WARNs
 * if the count is already <= 0 when it switches to atomic mode.
 *
 * A get or put on a released ref is a use-after-free in the kernel; the
 * simulation records it as a warning instead of corrupting memory.
 *
 * The release callback is a function and its arguments, kept apart, not a
 * closure over them: percpu_ref_init() takes a plain function that finds
 * its object with container_of(), and a kernel copied by cloneGraph()
 * must call release on its own copies of the arguments.
 */

import type { WarningLog } from './warnings.ts';

export class Ref {
  count = 1;
  killed = false;
  released = false;

  /** Use percpuRefInit(), which ties the callback's type to its arguments. */
  constructor(
    readonly name: string,
    private readonly log: WarningLog,
    private readonly version: string,
    private readonly release: (...args: readonly unknown[]) => void,
    // defaulted, so that a design written against the old four-argument constructor still works
    private readonly releaseArgs: readonly unknown[] = [],
  ) {}

  /* percpu_ref_get_many (all versions) */
  get(nr = 1): void {
    if (this.released) this.useAfterFree('get', nr);
    this.count += nr;
  }

  /* percpu_ref_tryget (all versions): fails only once the count hit zero */
  tryget(): boolean {
    if (this.released || (this.killed && this.count <= 0)) return false;
    this.count++;
    return true;
  }

  /* percpu_ref_tryget_live (all versions): fails once killed */
  trygetLive(): boolean {
    if (this.killed || this.released) return false;
    this.count++;
    return true;
  }

  /* percpu_ref_put_many (all versions) */
  put(nr = 1): void {
    if (this.released) {
      this.useAfterFree('put', nr);
      this.count -= nr;
      return;
    }
    this.count -= nr;
    if (this.killed) this.maybeRelease();
  }

  /* percpu_ref_kill (all versions): drop the initial reference */
  kill(): void {
    if (this.killed) {
      this.log.warn(`percpu_ref_kill (${this.version})`, `${this.name}: percpu_ref_kill() called more than once`);
      return;
    }
    this.killed = true;
    this.count -= 1;
    if (this.count < 0) {
      this.log.warn(
        `percpu_ref_switch_to_atomic_rcu (${this.version})`,
        `percpu ref (${this.name}) <= 0 (${this.count}) after switching to atomic`,
      );
    }
    this.maybeRelease();
  }

  private maybeRelease(): void {
    if (this.count === 0 && !this.released) {
      this.released = true;
      this.release(...this.releaseArgs);
    } else if (this.count < 0) {
      this.log.warn(`percpu_ref_put_many (${this.version})`, `${this.name}: reference count underflow (${this.count})`);
    }
  }

  private useAfterFree(op: string, nr: number): void {
    this.log.warn(`percpu_ref_${op} (${this.version})`, `${this.name}: ${op} of ${nr} on a released reference (use after free)`);
  }
}

/* percpu_ref_init(ref, release, 0, gfp) (all versions): a live ref whose last put after kill calls release(...args) once */
export function percpuRefInit<A extends unknown[]>(name: string, log: WarningLog, version: string, release: (...args: A) => void, ...args: A): Ref {
  return new Ref(name, log, version, release as (...args: readonly unknown[]) => void, args);
}

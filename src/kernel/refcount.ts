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
 */

import type { WarningLog } from './warnings.ts';

export class Ref {
  count = 1;
  killed = false;
  released = false;

  constructor(
    readonly name: string,
    private readonly log: WarningLog,
    private readonly version: string,
    private readonly onRelease: () => void,
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
      this.onRelease();
    } else if (this.count < 0) {
      this.log.warn(`percpu_ref_put_many (${this.version})`, `${this.name}: reference count underflow (${this.count})`);
    }
  }

  private useAfterFree(op: string, nr: number): void {
    this.log.warn(`percpu_ref_${op} (${this.version})`, `${this.name}: ${op} of ${nr} on a released reference (use after free)`);
  }
}

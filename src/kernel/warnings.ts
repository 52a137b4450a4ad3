/*
 * Kernel warnings (WARN_ON, WARN_ONCE, VM_BUG_ON...) raised by a simulated
 * design. The kernel keeps running after a WARN; so do designs, but they
 * record it here so that the suite can report the step that raised it.
 */

export interface KernelWarning {
  /** The kernel function that warns, with the version: "page_counter_cancel (v5.10)". */
  readonly where: string;
  /** The message, with the values involved, in the kernel's own wording where it has one. */
  readonly message: string;
}

/** An append-only log of warnings raised so far. */
export class WarningLog {
  private readonly list: KernelWarning[] = [];

  /** WARN(): record and keep going. */
  warn(where: string, message: string): void {
    this.list.push({ where, message });
  }

  /** A copy: snapshots keep it across steps while the log grows. */
  get all(): readonly KernelWarning[] {
    return this.list.slice();
  }
}

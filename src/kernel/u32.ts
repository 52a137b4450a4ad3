/*
 * Unsigned 32-bit arithmetic, as C does it for `unsigned int`.
 *
 * The per-CPU byte stocks keep `unsigned int nr_bytes` in every kernel
 * version we model, so `PAGE_SIZE - size` with size > PAGE_SIZE wraps to a
 * value just under 2^32 instead of going negative. Designs must do their
 * stock arithmetic through these helpers so that such wraps stay visible.
 */

/** Reduce any integer to its value as a C `unsigned int`. */
export function u32(x: number): number {
  return x >>> 0;
}

/** a + b in unsigned int arithmetic. */
export function u32Add(a: number, b: number): number {
  return (a + b) >>> 0;
}

/** a - b in unsigned int arithmetic (wraps when b > a). */
export function u32Sub(a: number, b: number): number {
  return (a - b) >>> 0;
}

/** True when a - b wraps in unsigned int arithmetic. */
export function u32Wraps(a: number, b: number): boolean {
  return b > a;
}

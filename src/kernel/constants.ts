/*
 * Kernel constants shared by every simulated design.
 *
 * Values are those of x86_64 with 4K pages. MEMCG_CHARGE_BATCH changed
 * from 32 to 64 pages in 6.1 ("mm: memcontrol: bump the charge batch"),
 * which is why designs declare their own batch rather than reading one
 * from here.
 */

/** PAGE_SHIFT (arch/x86/include/asm/page_types.h). */
export const PAGE_SHIFT = 12;

/** PAGE_SIZE: 1 << PAGE_SHIFT. */
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** MEMCG_CHARGE_BATCH up to 6.0 (include/linux/memcontrol.h). */
export const MEMCG_CHARGE_BATCH_V5 = 32;

/** MEMCG_CHARGE_BATCH from 6.1 (include/linux/memcontrol.h). */
export const MEMCG_CHARGE_BATCH_V6 = 64;

/** NR_MEMCG_STOCK in 6.16+ (mm/memcontrol.c): page-stock slots per CPU. */
export const NR_MEMCG_STOCK = 7;

/** PAGE_COUNTER_MAX: the "max" value of an unlimited counter (LONG_MAX / PAGE_SIZE). */
export const PAGE_COUNTER_MAX = Math.floor(Number.MAX_SAFE_INTEGER / PAGE_SIZE);

/** Name of the root memory cgroup in every world. */
export const ROOT = 'root';

/*
 * Pinned findings: for each failing (design, property) cell of
 * bundled.test.ts, the shrunk counterexample with the fixed seed and budget
 * there. Each is explained in the README's findings section with the kernel
 * source lines it comes from. Regenerate with care: a changed trace means
 * the design, the generator or the shrinker changed, and the README must
 * follow.
 */

export interface Pin {
  readonly invariant: string;
  readonly trace: readonly string[];
  readonly message: string;
}

export const PINS: Readonly<Record<string, Pin>> = {
  'v5.10/refinement': {
    invariant: 'conservation',
    trace: [
      'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> (allocator failed)',
    ],
    message: "A: usage 32 pages = 131072 bytes, expected 0 bytes of live objects + 131070 pre-charged (cpu0 page stock 126976, cpu0 obj stock (objcg A) 4094) = 131070",
  },
  'v5.10/conservation': {
    invariant: 'conservation',
    trace: [
      'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> (allocator failed)',
    ],
    message: "A: usage 32 pages = 131072 bytes, expected 0 bytes of live objects + 131070 pre-charged (cpu0 page stock 126976, cpu0 obj stock (objcg A) 4094) = 131070",
  },
  'v5.10/counters-nonneg': {
    invariant: 'counters-nonneg',
    trace: [
      'cpu0/t0: get_obj_cgroup_from_current(A) -> u1',
      'cgroup_attach_task(B, t0)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: obj_cgroup_charge(u1, 1) -> o1',
      'cpu0: obj_cgroup_uncharge(u1, o1)',
      'obj_cgroup_put(u1)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "memcg root usage is -1 pages",
  },
  'v5.10/no-warnings': {
    invariant: 'no-warnings',
    trace: [
      'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> (allocator failed)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
    ],
    message: "WARNING in obj_cgroup_release (v5.10): WARN_ON_ONCE(nr_bytes & (PAGE_SIZE - 1)): objcg A nr_charged_bytes=4094",
  },
  'v5.10/quiescence': {
    invariant: 'quiescence',
    trace: [
      'cpu0/t0: get_obj_cgroup_from_current(A) -> u1',
      'cgroup_attach_task(B, t0)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: obj_cgroup_charge(u1, 1) -> o1',
      'cpu0: obj_cgroup_uncharge(u1, o1)',
      'obj_cgroup_put(u1)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "root usage is -1 pages",
  },
  'v6.18/refinement': {
    invariant: 'quiescence',
    trace: [
      'cpu1/t1: kmem_cache_alloc_bulk(B, 1, 2) -> o1 o2',
      'cpu0: kmem_cache_free(o1)',
      'cpu1: memory_max_write(B, 1)',
      'cpu_down(cpu0) -> t0->cpu1',
      'cpu_up(cpu0)',
      'cpu0: kmem_cache_free(o2)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "obj_cgroup B is not released (1 reference(s), memcg root)",
  },
  'v6.18/no-warnings': {
    invariant: 'no-warnings',
    trace: [
      'cpu0/t0: get_obj_cgroup_from_current(A) -> u1',
      'cgroup_attach_task(B, t0)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: obj_cgroup_charge(u1, 1) -> o1',
    ],
    message: "WARNING in refill_stock (v6.18): VM_WARN_ON_ONCE(mem_cgroup_is_root(memcg)): refill of 63 page(s) for the root memcg",
  },
  'v6.18/failed-charge': {
    invariant: 'failed-charge',
    trace: [
      'cpu0: memory_max_write(B, 2)',
      'cpu1/t1: kmem_cache_alloc_bulk(B, 4097, 2) -> -ENOMEM',
    ],
    message: "-ENOMEM, yet memcg root grew from 0 to 2 pages",
  },
  'v6.18/quiescence': {
    invariant: 'quiescence',
    trace: [
      'cpu1/t1: kmem_cache_alloc_bulk(B, 1, 2) -> o1 o2',
      'cpu0: kmem_cache_free(o1)',
      'cpu1: memory_max_write(B, 1)',
      'cpu_down(cpu0) -> t0->cpu1',
      'cpu_up(cpu0)',
      'cpu0: kmem_cache_free(o2)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "obj_cgroup B is not released (1 reference(s), memcg root)",
  },
  'sketch-2019/refinement': {
    invariant: 'quiescence',
    trace: [
      'cpu0/t0: kmem_cache_alloc(A, 1) -> o1',
      'cpu0: kmem_cache_free(o1)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "memcg A is not freed (offline, 1 reference(s))",
  },
  'sketch-2019/conservation': {
    invariant: 'conservation',
    trace: [
      'cpu0/t0: kmem_cache_alloc(A, 4097) -> o1',
    ],
    message: "A: usage -1048574 pages = -4294959104 bytes, expected 4097 bytes of live objects + 4095 pre-charged (objcg A nr_stocked_bytes 4095) = 8192",
  },
  'sketch-2019/counters-nonneg': {
    invariant: 'counters-nonneg',
    trace: [
      'cpu0/t0: kmem_cache_alloc(A, 4097) -> o1',
    ],
    message: "memcg root usage is -1048574 pages",
  },
  'sketch-2019/no-warnings': {
    invariant: 'no-warnings',
    trace: [
      'cpu0/t0: kmem_cache_alloc(A, 4097) -> o1',
    ],
    message: "WARNING in page_counter_cancel (sketch-2019): page_counter underflow: -1048574 nr_pages=1048606 (counter A); WARNING in page_counter_cancel (sketch-2019): page_counter underflow: -1048574 nr_pages=1048606 (counter root)",
  },
  'sketch-2019/objcg-refs': {
    invariant: 'objcg-refs',
    trace: [
      'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> (allocator failed)',
    ],
    message: "obj_cgroup A has 4 reference(s), expected 2: initial reference (memcg->objcg), cpu0 obj stock",
  },
  'sketch-2019/quiescence': {
    invariant: 'quiescence',
    trace: [
      'cpu0/t0: kmem_cache_alloc(A, 1) -> o1',
      'cpu0: kmem_cache_free(o1)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "memcg A is not freed (offline, 1 reference(s))",
  },
  'roman-v1-2019/refinement': {
    invariant: 'conservation',
    trace: [
      'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> (allocator failed)',
    ],
    message: "A: usage 32 pages = 131072 bytes, expected 0 bytes of live objects + 131070 pre-charged (cpu0 subpage stock 131070) = 131070",
  },
  'roman-v1-2019/conservation': {
    invariant: 'conservation',
    trace: [
      'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> (allocator failed)',
    ],
    message: "A: usage 32 pages = 131072 bytes, expected 0 bytes of live objects + 131070 pre-charged (cpu0 subpage stock 131070) = 131070",
  },
  'roman-v1-2019/quiescence': {
    invariant: 'quiescence',
    trace: [
      'cpu0/t0: alloc_pages(A, order=1) -> p1',
      'split_page(p1) -> p1 p2',
      'cpu0: __free_pages(p1)',
      'cpu0: __free_pages(p2)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "memcg A is not freed (offline, 1 reference(s))",
  },
  'v6.18+objstock5/refinement': {
    invariant: 'quiescence',
    trace: [
      'cpu1/t1: kmem_cache_alloc_bulk(B, 1, 2) -> o1 o2',
      'cpu0: kmem_cache_free(o1)',
      'cpu1: memory_max_write(B, 1)',
      'cpu_down(cpu0) -> t0->cpu1',
      'cpu_up(cpu0)',
      'cpu0: kmem_cache_free(o2)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "obj_cgroup B is not released (1 reference(s), memcg root)",
  },
  'v6.18+objstock5/no-warnings': {
    invariant: 'no-warnings',
    trace: [
      'cpu0/t0: get_obj_cgroup_from_current(A) -> u1',
      'cgroup_attach_task(B, t0)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: obj_cgroup_charge(u1, 1) -> o1',
    ],
    message: "WARNING in refill_stock (v6.18): VM_WARN_ON_ONCE(mem_cgroup_is_root(memcg)): refill of 63 page(s) for the root memcg",
  },
  'v6.18+objstock5/failed-charge': {
    invariant: 'failed-charge',
    trace: [
      'cpu0: memory_max_write(B, 2)',
      'cpu1/t1: kmem_cache_alloc_bulk(B, 4097, 2) -> -ENOMEM',
    ],
    message: "-ENOMEM, yet memcg root grew from 0 to 2 pages",
  },
  'v6.18+objstock5/quiescence': {
    invariant: 'quiescence',
    trace: [
      'cpu1/t1: kmem_cache_alloc_bulk(B, 1, 2) -> o1 o2',
      'cpu0: kmem_cache_free(o1)',
      'cpu1: memory_max_write(B, 1)',
      'cpu_down(cpu0) -> t0->cpu1',
      'cpu_up(cpu0)',
      'cpu0: kmem_cache_free(o2)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
      'cpu0: drain_all_stock(root)',
      'cpu0: drain_all_stock(root)',
    ],
    message: "obj_cgroup B is not released (1 reference(s), memcg root)",
  },
};

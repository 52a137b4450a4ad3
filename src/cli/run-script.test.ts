import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { exampleText, PLANTED_BUG, REPO, tempDesignDir } from './example-files.ts';
import { runScript } from './jobs.ts';
import { design as example } from '../../examples/page-per-object.ts';

describe('run: scripts of kernel calls', () => {
  const tmp = tempDesignDir();
  const good = tmp.write('design.ts', exampleText());
  const broken = tmp.write('broken.ts', exampleText(PLANTED_BUG));
  // The shrunk counterexample of the README's planted bug, pasted back as printed (result included).
  tmp.write('bug.txt', '# from the check output\ncpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2\n\ncpu0: kmem_cache_free(o2)\n');
  afterAll(() => tmp.remove());

  it('a pasted counterexample reproduces the violation, and the run goes on (exit 1)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['run', '--design', broken, 'bug.txt', '--no-worker'], io)).toBe(1);
    const lines = io.text().split('\n');
    expect(lines[0]).toBe('run: design page-per-object (./broken.ts), script bug.txt, 2 CPUs');
    expect(lines).toContain('  1. cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2   [line 2]');
    expect(lines).toContain('       VIOLATED conservation: A: usage 2 pages = 8192 bytes, expected 1 bytes of live objects + 4095 pre-charged (o2 rounding 4095) = 4096');
    expect(lines).toContain('  2. cpu0: kmem_cache_free(o2)   [line 4]');
    expect(lines).toContain('       VIOLATED conservation: A: usage 1 pages = 4096 bytes, expected 0 bytes of live objects + 0 pre-charged (none) = 0');
    expect(lines.at(-1)).toBe('2 script steps: invariants violated at steps 1, 2');
  });

  it('the same script on the example design holds, teardown and quiescence included (exit 0)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['run', '--design', good, 'bug.txt', '--teardown', '--no-worker'], io)).toBe(0);
    const lines = io.text().split('\n');
    expect(lines).toContain('  3. do_exit(t0) (teardown)');
    expect(lines.filter((l) => l.includes('(teardown)'))).toEqual([
      '  3. do_exit(t0) (teardown)',
      '  4. do_exit(t1) (teardown)',
      '  5. cpu0: cgroup_rmdir(B) (teardown)',
      '  6. cpu0: cgroup_rmdir(A) (teardown)',
      '  7. cpu0: drain_all_stock(root) (teardown)',
      '  8. cpu0: drain_all_stock(root) (teardown)',
    ]);
    expect(lines.slice(-2)).toEqual(['quiescence: holds (nothing left after the teardown)', '2 script steps: every invariant held after every step']);
  });

  it('--json gives every step with its state in DesignState field names', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['run', '--design', broken, 'bug.txt', '--json', '--no-worker'], io)).toBe(1);
    const doc = JSON.parse(io.text());
    expect(Object.keys(doc)).toEqual(['design', 'source', 'nrCpus', 'initial', 'steps', 'violated', 'error']);
    expect(doc).toMatchObject({ design: 'page-per-object', source: './broken.ts', nrCpus: 2, violated: true, error: null });
    expect(doc.initial.violations).toEqual([]);
    expect(doc.steps).toHaveLength(2);
    const s1 = doc.steps[0];
    expect(Object.keys(s1)).toEqual(['n', 'line', 'call', 'state', 'violations', 'teardown']);
    expect(s1).toMatchObject({ n: 1, line: 2, call: 'cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2', teardown: false });
    expect(s1.violations).toEqual([{ invariant: 'conservation', message: 'A: usage 2 pages = 8192 bytes, expected 1 bytes of live objects + 4095 pre-charged (o2 rounding 4095) = 4096' }]);
    expect(Object.keys(s1.state)).toEqual(['memcgs', 'objcgs', 'cpus', 'tasks', 'precharged', 'warnings', 'forcedCharge']);
    expect(s1.state.memcgs[1]).toEqual({ name: 'A', parent: 'root', online: true, freed: false, usage: 2, max: 2199023255551, failcnt: 0, refs: 1 });
    expect(s1.state.objcgs[1]).toEqual({ name: 'A', memcg: 'A', refs: 2, nrChargedBytes: 0, killed: false, released: false });
    expect(s1.state.cpus[0]).toEqual({ cpu: 0, online: true, pageStock: [], objStock: null, workPending: false });
    expect(s1.state.precharged).toEqual([{ memcg: 'A', bytes: 4095, cpu: null, where: 'o2 rounding' }]);
  });

  it('one step can violate several invariants, each reported', () => {
    // A free that does nothing leaves the page charged and the reference held.
    const leaky = { ...example, create: (c: Parameters<typeof example.create>[0]) => ({ ...example.create(c), slabFree: () => {} }) };
    const text = 'cpu0/t0: kmem_cache_alloc(A, 8)\ncpu0: kmem_cache_free(o1)\n';
    const run = runScript(leaky, { kind: 'script', design: 'leaky', cwd: tmp.dir, script: text, nrCpus: 2, teardown: false });
    expect(run.error).toBeNull();
    expect(run.steps[0]!.violations).toEqual([]);
    expect(run.steps[1]!.violations).toEqual([
      { invariant: 'conservation', message: 'A: usage 1 pages = 4096 bytes, expected 0 bytes of live objects + 4088 pre-charged (o1 rounding 4088) = 4088' },
      { invariant: 'objcg-refs', message: 'obj_cgroup A has 2 reference(s), expected 1: initial reference (memcg->objcg)' },
    ]);
  });

  it('--teardown: quiescence is checked at the end; a per-step violation stops the teardown', () => {
    const keepsCgroups = { ...example, create: (c: Parameters<typeof example.create>[0]) => ({ ...example.create(c), rmdir: () => {} }) };
    const kept = runScript(keepsCgroups, { kind: 'script', design: 'kept', cwd: tmp.dir, script: '', nrCpus: 1, teardown: true });
    expect(kept.steps.map((x) => x.call)).toEqual(['do_exit(t0)', 'do_exit(t1)', 'cpu0: cgroup_rmdir(B)', 'cpu0: cgroup_rmdir(A)', 'cpu0: drain_all_stock(root)', 'cpu0: drain_all_stock(root)']);
    expect(kept.quiescence).toBe('memcg A is not freed (online, 1 reference(s))');

    const leaky = { ...example, create: (c: Parameters<typeof example.create>[0]) => ({ ...example.create(c), slabFree: () => {} }) };
    const stopped = runScript(leaky, { kind: 'script', design: 'leaky', cwd: tmp.dir, script: 'cpu0/t0: kmem_cache_alloc(A, 8)', nrCpus: 2, teardown: true });
    expect(stopped.steps.map((x) => [x.call, x.violations.map((v) => v.invariant)])).toEqual([
      ['cpu0/t0: kmem_cache_alloc(A, 8) -> o1', []],
      ['cpu0: kmem_cache_free(o1)', ['conservation']],
    ]);
    expect(stopped.quiescence).toBeUndefined();
  });

  it('the 92-byte scenario of obj_cgroup_release() leaves nr_charged_bytes == PAGE_SIZE on v6.18', async () => {
    const io = fakeIO(REPO);
    const code = await main(['run', '--design', 'v6.18', 'examples/obj-cgroup-release-92.txt', '--json', '--no-worker'], io);
    const doc = JSON.parse(io.text());
    expect(doc.error).toBeNull();
    expect(doc.steps.map((s: { call: string }) => s.call)).toEqual([
      'cpu0/t0: kmem_cache_alloc(A, 100) -> o1',
      'cpu0/t0: kmem_cache_alloc(A, 3996) -> o2',
      'set_task_cpu(t0, cpu1)',
      'cpu1/t0: kmem_cache_alloc(A, 92) -> o3',
      'cpu1/t1: kmem_cache_alloc(B, 8) -> o4',
      'cpu0: kmem_cache_free(o3)',
      'cpu0: drain_all_stock(root)',
    ]);
    const objcgA = (i: number) => doc.steps[i].state.objcgs.find((o: { name: string }) => o.name === 'A');
    expect(objcgA(4).nrChargedBytes).toBe(4096 - 92); // 3) CPU1's stock flushed
    expect(objcgA(6).nrChargedBytes).toBe(4096); // 6) CPU0's stock flushed
    expect(code).toBe(doc.violated ? 1 : 0);
    expect(readFileSync(join(REPO, 'examples/obj-cgroup-release-92.txt'), 'utf8')).toContain('npx memcg-verify run --design v6.18 examples/obj-cgroup-release-92.txt');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { exampleText, PLANTED_BUG, tempDesignDir } from './example-files.ts';
import { decodeToken, encodeToken } from '../../properties/replay-token.ts';
import { FailureStore, STORE_PATH } from './failure-store.ts';

const SEED = 1;
const BUDGET = ['--runs', '60', '--steps', '30', '--seed', String(SEED), '--no-worker'];

// Why this test? It is the README's "Check your own design" walk-through:
// the example passes; with its one planted line it fails with a one-step
// counterexample that replays to the same trace.
describe(`check: the README example and its one-line bug (seed: ${SEED})`, () => {
  const tmp = tempDesignDir();
  const good = tmp.write('design.ts', exampleText());
  const broken = tmp.write('broken.ts', exampleText(PLANTED_BUG));
  afterAll(() => tmp.remove());

  it('the example design holds every property (exit 0)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', good, ...BUDGET], io)).toBe(0);
    const text = io.text();
    expect(text).toContain('design page-per-object (./design.ts): every object charges whole pages; no per-CPU stocks (README example); kernel none (example)');
    expect(text).toContain('11 properties: 60 sequences of up to 30 steps each, seed 1 (property i uses seed+i), 2 CPUs');
    expect(text).toMatch(/^refinement +holds under 60 sequences \/ \d+ steps +holds$/m);
    expect(text).toMatch(/^quiescence +holds under 60 sequences \/ \d+ steps +holds$/m);
    expect(text.split('\n').at(-1)).toBe('11 verdicts: 11 hold, 0 fail; all as documented');
    expect(io.stderr).toEqual([]);
  });

  it('the one-line bug fails conservation with a one-step trace (exit 1), saved in the store', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', broken, ...BUDGET, '--json'], io)).toBe(1);
    const doc = JSON.parse(io.text());
    expect(doc.design).toBe('page-per-object');
    expect(doc.source).toBe('./broken.ts');
    expect(doc.budget).toEqual({ runs: 60, steps: 30, seed: SEED, cpus: 2 });
    const failing = doc.results.filter((r: { verdict: string }) => r.verdict === 'fails').map((r: { property: string }) => r.property);
    expect(failing).toEqual(['refinement', 'conservation']);
    const cons = doc.results[1];
    expect(cons).toMatchObject({ property: 'conservation', verdict: 'fails', expected: 'holds', asExpected: false, fromStore: false, seed: SEED + 1 });
    expect(cons.counterexample.trace).toEqual(['cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2']);
    expect(cons.counterexample.failure).toEqual({
      invariant: 'conservation',
      step: 1,
      message: 'A: usage 2 pages = 8192 bytes, expected 1 bytes of live objects + 4095 pre-charged (o2 rounding 4095) = 4096',
    });
    expect(decodeToken(cons.counterexample.replay)).toMatchObject({ design: './broken.ts', property: 'conservation', seed: SEED + 1, nrCpus: 2, maxCommands: 30 });
    const store = JSON.parse(readFileSync(join(tmp.dir, STORE_PATH), 'utf8'));
    expect(Object.keys(store.failures['./broken.ts'])).toEqual(['refinement', 'conservation']);
    expect(store.failures['./broken.ts'].conservation).toBe(cons.counterexample.replay);
  });

  it('the next check replays the stored failures first and reports them as such', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', broken, ...BUDGET], io)).toBe(1);
    const text = io.text();
    expect(text).toMatch(/^conservation +! fails \(1 step\) \[stored\] +holds$/m);
    expect(text).toContain('page-per-object / conservation: FAILS, not as documented, 1 step (replayed from the failure store)');
    expect(text).toContain('  1. cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2');
    expect(text.split('\n').at(-1)).toBe('11 verdicts: 9 hold, 2 fail; 2 not as documented (marked !)');
  });

  it('replay of the printed token shows the same trace with the state after the step (exit 1)', async () => {
    const first = fakeIO(tmp.dir);
    await main(['check', '--design', broken, ...BUDGET, '--no-store', '--json'], first);
    const token = JSON.parse(first.text()).results[1].counterexample.replay as string;
    const io = fakeIO(tmp.dir);
    expect(await main(['replay', token, '--no-worker'], io)).toBe(1);
    expect(io.stdout[0]!.split('\n')).toEqual([
      'replay: design page-per-object (./broken.ts), property conservation (documented: holds), 2 CPUs, up to 30 steps',
      '1 generated step; state after each step:',
      '',
      '  1. cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2',
      '       memcg  root: usage=2 max=max refs=1 online | A: usage=2 max=max refs=1 online | B: usage=0 max=max refs=1 online',
      '              cpu0: page stock [-] obj stock [-]',
      '              cpu1: page stock [-] obj stock [-]',
      '       objcg  root->root refs=1 bytes=0 | A->A refs=2 bytes=0 | B->B refs=1 bytes=0',
      '  => conservation violated at step 1: A: usage 2 pages = 8192 bytes, expected 1 bytes of live objects + 4095 pre-charged (o2 rounding 4095) = 4096',
      `  replay: ${token}`,
      `  seed=${SEED + 1} path="${decodeToken(token).path}" replayPath="${decodeToken(token).replayPath}"`,
    ]);
  });

  it('replay --json: every step with the state in DesignState field names', async () => {
    const first = fakeIO(tmp.dir);
    await main(['check', '--design', broken, ...BUDGET, '--no-store', '--json'], first);
    const cx = JSON.parse(first.text()).results[1].counterexample;
    const io = fakeIO(tmp.dir);
    expect(await main(['replay', cx.replay, '--json', '--no-worker'], io)).toBe(1);
    const doc = JSON.parse(io.text());
    expect(doc).toMatchObject({ design: 'page-per-object', source: './broken.ts', property: 'conservation', seed: SEED + 1, nrCpus: 2, maxCommands: 30 });
    expect(doc).toMatchObject({ verdict: 'fails', expected: 'holds', failure: cx.failure, length: 1, replay: cx.replay });
    expect(doc.steps).toHaveLength(1);
    expect(doc.steps[0]).toMatchObject({ n: 1, call: cx.trace[0], teardown: false });
    expect(doc.steps[0].state.memcgs.map((m: { name: string; usage: number }) => [m.name, m.usage])).toEqual([
      ['root', 2],
      ['A', 2],
      ['B', 0],
    ]);
  });

  it('fixing the design drops the stored failures on the next check (exit 0)', async () => {
    const fixed = tmp.write('fixed.ts', exampleText());
    const io = fakeIO(tmp.dir);
    // Store a failure under the fixed file's name: it must be replayed, pass, and be dropped.
    const prev = fakeIO(tmp.dir);
    await main(['check', '--design', broken, ...BUDGET, '--no-store', '--json'], prev);
    const token = decodeToken(JSON.parse(prev.text()).results[1].counterexample.replay);
    new FailureStore(tmp.dir).save('./fixed.ts', 'conservation', encodeToken({ ...token, design: './fixed.ts' }));
    expect(await main(['check', '--design', fixed, ...BUDGET], io)).toBe(0);
    expect(io.text()).not.toContain('[stored]');
    expect(new FailureStore(tmp.dir).tokens('./fixed.ts')).toEqual({});
  });

  it('--markdown writes the report with a Mermaid diagram of each counterexample', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', broken, ...BUDGET, '--no-store', '--markdown', 'report.md'], io)).toBe(1);
    const md = readFileSync(join(tmp.dir, 'report.md'), 'utf8');
    expect(md).toContain('# memcg-verify report');
    expect(md).toContain('| conservation | ! fails (1 step) |');
    expect(md).toContain('### page-per-object / conservation (not as documented)');
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('  cpu0->>PC: 1. kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) = o2');
    expect(io.text()).toContain('Markdown report written to report.md');
  });

  it('--no-store neither reads nor writes the store', async () => {
    const other = tempDesignDir();
    try {
      const path = other.write('broken.ts', exampleText(PLANTED_BUG));
      expect(await main(['check', '--design', path, ...BUDGET, '--no-store'], fakeIO(other.dir))).toBe(1);
      expect(existsSync(join(other.dir, STORE_PATH))).toBe(false);
    } finally {
      other.remove();
    }
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Design } from '../design.ts';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { design as example } from '../../examples/page-per-object.ts';

// The main job over a stand-in registry: the README example (holds
// everything) and a copy whose slab free does nothing (a documented leak).
const registry = vi.hoisted(() => ({ designs: [] as Design[] }));
vi.mock('../designs/index.ts', () => ({
  get bundledDesigns() {
    return registry.designs;
  },
  findBundledDesign: (name: string) => registry.designs.find((d) => d.info.name === name),
}));

const LEAKS = ['refinement', 'conservation', 'objcg-refs', 'quiescence'] as const;

function leaky(expected: Record<string, 'holds' | 'fails'>): Design {
  return {
    info: { ...example.info, name: 'leaky', title: 'kmem_cache_free does nothing', expected },
    create: (c) => ({ ...example.create(c), slabFree: () => {} }),
  };
}

const SEED = 1;
const ARGS = ['--runs', '40', '--steps', '20', '--seed', String(SEED), '--no-worker'];

describe(`verify: the main job (seed: ${SEED})`, () => {
  const cwd = mkdtempSync(join(tmpdir(), 'memcg-verify-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const documented = Object.fromEntries(LEAKS.map((p) => [p, 'fails' as const]));

  it('exit 0 when every verdict is as documented: comparison table, costs, documented failures', async () => {
    registry.designs = [example, leaky(documented)];
    const io = fakeIO(cwd);
    const code = await main(ARGS, io);
    expect(code).toBe(0);
    const lines = io.text().split('\n');
    expect(lines[0]).toBe('memcg-verify: 2 designs x 11 properties: 40 sequences of up to 20 steps each, seed 1 (property i uses seed+i), 2 CPUs');
    expect(lines[2]).toMatch(/^property +page-per-object +leaky$/);
    expect(lines.find((l) => l.startsWith('conservation '))).toMatch(/^conservation +holds +fails \(\d+ steps?( \+ teardown)?\)$/);
    expect(lines.find((l) => l.startsWith('ownership '))).toMatch(/^ownership +holds +holds$/);
    expect(lines).toContain('costs (shared-state operations per charge step, and the most pre-charged bytes one CPU held (docs/cli.md, "Cost table")):');
    expect(lines.find((l) => l.startsWith('page-per-object '))).toMatch(/^page-per-object +\d+ +- +- +- +- +- +- +0 B +0 B$/);
    expect(lines).toContain('documented failures (replay one to read it step by step):');
    expect(lines.filter((l) => l.startsWith('  leaky / ')).map((l) => l.split(':')[0])).toEqual(LEAKS.map((p) => `  leaky / ${p}`));
    expect(lines.at(-1)).toBe('22 verdicts: 18 hold, 4 fail; all as documented');
    expect(io.stderr).toEqual([]);
  });

  it('exit 1 when a verdict is not as documented, with that counterexample in full', async () => {
    registry.designs = [example, leaky({ ...documented, quiescence: 'holds' })];
    const io = fakeIO(cwd);
    expect(await main(['verify', ...ARGS], io)).toBe(1);
    const text = io.text();
    expect(text).toMatch(/^quiescence +holds +! fails \(\d+ steps? \+ teardown\)$/m);
    expect(text).toContain('counterexamples not as documented:');
    expect(text).toMatch(/^leaky \/ quiescence: FAILS, not as documented, \d+ steps? \+ teardown$/m);
    expect(text.split('\n').at(-1)).toBe('22 verdicts: 18 hold, 4 fail; 1 not as documented (marked !)');
  });

  it('a documented failure that holds is not as documented either (exit 1)', async () => {
    registry.designs = [leaky({ ...documented, ownership: 'fails' })];
    const io = fakeIO(cwd);
    expect(await main(ARGS, io)).toBe(1);
    expect(io.text()).toMatch(/^ownership +! holds$/m);
  });

  it('"n/a" (the property says nothing about the design) counts as documented "holds"', async () => {
    const noCss: Design = { ...example, info: { ...example.info, name: 'no-css', refRules: { ...example.info.refRules, memcg: 'none' } } };
    registry.designs = [noCss];
    const io = fakeIO(cwd);
    expect(await main([...ARGS, '--json'], io)).toBe(0);
    const [doc] = JSON.parse(io.text());
    expect(doc.results[7]).toMatchObject({
      property: 'memcg-refs',
      verdict: 'n/a',
      reason: "the design declares no css reference rules (RefRules.memcg 'none')",
      expected: 'holds',
      asExpected: true,
      runs: 0,
      counterexample: null,
    });
    const text = fakeIO(cwd);
    expect(await main(['check', '--design', 'no-css', ...ARGS.slice(0, 6), '--no-worker', '--no-store'], text)).toBe(0);
    expect(text.text()).toMatch(/^memcg-refs +n\/a: the design declares no css reference rules \(RefRules\.memcg 'none'\) +holds$/m);
    expect(text.text().split('\n').at(-1)).toBe('11 verdicts: 10 hold, 0 fail, 1 n/a; all as documented');
  });

  it('--json prints one document per design, --markdown writes the report', async () => {
    registry.designs = [example, leaky(documented)];
    const io = fakeIO(cwd);
    expect(await main([...ARGS, '--json', '--markdown', 'report.md'], io)).toBe(0);
    const docs = JSON.parse(io.text());
    expect(docs.map((d: { design: string }) => d.design)).toEqual(['page-per-object', 'leaky']);
    expect(docs[1].results.filter((r: { verdict: string }) => r.verdict === 'fails').map((r: { property: string }) => r.property)).toEqual([...LEAKS]);
    for (const d of docs) {
      expect(Object.keys(d)).toEqual(['design', 'source', 'title', 'kernel', 'budget', 'results', 'costs']);
      for (const r of d.results) {
        expect(Object.keys(r)).toEqual(['property', 'verdict', 'expected', 'asExpected', 'runs', 'steps', 'seed', 'fromStore', 'counterexample']);
        if (r.verdict === 'holds') expect(r.runs).toBe(40);
        if (r.counterexample) expect(Object.keys(r.counterexample)).toEqual(['trace', 'replay', 'failure', 'length', 'seed', 'path', 'replayPath']);
      }
    }
    expect(Object.keys(docs[0].costs)).toEqual(['sequences', 'steps', 'charges', 'perCharge', 'worstCpuPrechargeBytes', 'boundCpuBytes']);
    const md = readFileSync(join(cwd, 'report.md'), 'utf8');
    expect(md).toContain('| property | page-per-object | leaky |');
    expect(md.match(/```mermaid/g)).toHaveLength(4);
  });
});

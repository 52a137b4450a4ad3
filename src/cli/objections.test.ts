/*
 * memcg-verify objections, in process (fake CliIO) and once as a real
 * subprocess for the exit code.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

function fakeIO(cwd = process.cwd()): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), isTTY: false, cwd, stdout, stderr };
}

describe('memcg-verify objections', () => {
  it('--json prints one document with the documented fields, and every verdict as expected', async () => {
    const io = fakeIO();
    expect(await main(['objections', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.stdout.join('\n'));
    expect(doc.objections.map((o: { id: number; title: string }) => `${o.id} ${o.title}`)).toEqual(['1 Reference balance', '2 Switch cost', '3 Large objects']);
    const cells = doc.objections.flatMap((o: { id: number; results: { design: string; verdict: string }[] }) => o.results.map((r) => `${o.id} ${r.design} ${r.verdict}`));
    expect(cells).toEqual([
      '1 v5.10 holds',
      '1 v6.18 holds',
      '1 sketch-2019 fails',
      '1 roman-v1-2019 fails',
      '1 v6.18+objstock5 holds',
      '2 v5.10 fails',
      '2 v6.18 fails',
      '2 sketch-2019 fails',
      '2 roman-v1-2019 fails',
      '2 v6.18+objstock5 holds',
      '3 v5.10 holds',
      '3 v6.18 holds',
      '3 sketch-2019 fails',
      '3 roman-v1-2019 holds',
      '3 v6.18+objstock5 holds',
    ]);
    const sketch3 = doc.objections[2].results[2];
    expect(Object.keys(sketch3)).toEqual(expect.arrayContaining(['design', 'verdict', 'runs', 'steps', 'counterexample', 'cost']));
    expect(sketch3.counterexample.trace[0].call).toBe('cpu0/t0: kmem_cache_alloc_bulk(A, 4095, 2) -> o1 o2');
    expect(sketch3.counterexample.trace[0].state.memcgs.find((m: { name: string }) => m.name === 'A').usage).toBe(-1048574);
    expect(sketch3.counterexample.replay).toMatch(/^mcv1\./);
    expect(sketch3.cost).toBeNull();
    expect(doc.objections[1].results[0].cost.map((r: { k: number }) => r.k)).toEqual([1, 2, 4, 8, 1, 2, 4, 8]);
    expect(io.stderr).toEqual([]);
  });

  it('prints the text report and writes the Markdown one (table, numbered traces, Mermaid)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcv-objections-'));
    const io = fakeIO(dir);
    expect(await main(['objections', '--markdown', 'reply.md'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('Objection 3: Large objects (objection-3-large-objects)');
    expect(text).toContain("removed by: 'mm: memcg/slab: obj_cgroup API' (v5.9)");
    const md = readFileSync(join(dir, 'reply.md'), 'utf8');
    expect(md).toContain('| 3. Large objects | holds | holds | fails (1 step) | holds |');
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('1. `cpu0/t0: kmem_cache_alloc_bulk(A, 4095, 2) -> o1 o2`');
  });

  it('bad flags are one usage line and exit 2', async () => {
    for (const args of [['--runs', 'abc'], ['--seed', 'x'], ['--frobnicate'], ['extra'], ['--markdown', '']]) {
      const io = fakeIO();
      expect(await main(['objections', ...args], io)).toBe(2);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^memcg-verify: (objections: )?--?\w|^memcg-verify: objections: /);
    }
  });

  it('--help lists the flags and defaults', async () => {
    const io = fakeIO();
    expect(await main(['objections', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/--runs N .*\(default 2000\)/);
  });

  it('runs as a real command and exits 0 when every verdict is as expected', () => {
    const out = execFileSync('node', ['bin/memcg-verify.mjs', 'objections'], { encoding: 'utf8' });
    expect(out).toContain('Objection 1: Reference balance');
  });
});

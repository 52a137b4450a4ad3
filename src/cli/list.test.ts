import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { bundledDesigns } from '../designs/index.ts';
import { PROPERTIES } from '../../properties/properties.ts';
import { OPS } from '../../properties/commands/index.ts';

describe('list', () => {
  it('names every bundled design, property and kernel call with one line each', async () => {
    const io = fakeIO('.');
    expect(await main(['list'], io)).toBe(0);
    const lines = io.text().split('\n');
    for (const d of bundledDesigns) {
      const at = lines.indexOf(`  ${d.info.name.padEnd(8)} ${d.info.title}`);
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(`           kernel: ${d.info.kernel}`);
      const fails = Object.entries(d.info.expected ?? {}).filter(([, v]) => v === 'fails').map(([p]) => p);
      expect(lines[at + 2]).toBe(`           documented to fail: ${fails.join(', ') || 'nothing'}`);
    }
    for (const p of PROPERTIES) expect(lines).toContain(`${p.name.padEnd(19)}  ${p.doc}`);
    expect(lines.find((l) => l.startsWith('kmem_cache_alloc, kmem_cache_alloc_bulk '))).toMatch(/ {2}a task allocates accounted slab object/);
  });

  it('--json has designs, properties and calls', async () => {
    const io = fakeIO('.');
    expect(await main(['list', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.text());
    expect(doc.designs.map((d: { name: string }) => d.name)).toEqual(bundledDesigns.map((d) => d.info.name));
    expect(Object.keys(doc.designs[0])).toEqual(['name', 'title', 'kernel', 'documentedFailures']);
    expect(doc.properties.map((p: { name: string }) => p.name)).toEqual(PROPERTIES.map((p) => p.name));
    expect(doc.calls).toHaveLength(Object.keys(OPS).length);
    expect(doc.calls[0]).toEqual({ op: 'mkdir', functions: ['cgroup_mkdir'], doc: OPS.mkdir.doc });
  });

  it('--help on every subcommand of this module set prints usage and exits 0', async () => {
    for (const sub of ['verify', 'check', 'replay', 'run', 'list', 'deep']) {
      const io = fakeIO('.');
      expect(await main([sub, '--help'], io)).toBe(0);
      expect(io.text()).toMatch(new RegExp(`^usage: memcg-verify ${sub === 'verify' ? '\\[verify\\]' : sub} `));
      expect(io.text()).toContain('  --help');
    }
  });
});

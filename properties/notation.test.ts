import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { design } from '../examples/simple-design.ts';
import { defaultWorld } from '../src/config.ts';
import { ScriptError, type Action } from './actions.ts';
import { commandArbitraries, formatAction, OpCommand, parseAction, runAction } from './commands/index.ts';
import { Harness } from './harness.ts';
import { INVARIANTS } from './invariants.ts';
import { parseLine, scriptLines } from './notation.ts';

const SEED = 7;

describe(`trace notation (seed: ${SEED})`, () => {
  // Why this test? Any printed counterexample must paste back as a script:
  // format and parse are inverses on every action the generator produces.
  it('parse(format(action)) === action for every generated action, in its state', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(...commandArbitraries()), { maxLength: 40 }), (cmds) => {
        const h = new Harness(design, defaultWorld(2), { invariants: new Set(INVARIANTS) });
        for (const c of cmds as OpCommand<Action['op']>[]) {
          const a = c.def.resolve(c.raw, h);
          if (a === null) continue;
          const line = formatAction(a as Action);
          expect(parseAction(line, 1, h)).toEqual(a);
          runAction(h, a as Action);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('the result after -> and comments are ignored', () => {
    const h = new Harness(design, defaultWorld(2), { invariants: new Set(INVARIANTS) });
    expect(parseAction('cpu0/t0: kmem_cache_alloc(A, 96) -> o1', 1, h)).toEqual({
      op: 'alloc',
      task: 't0',
      cpu: 0,
      cgroup: 'A',
      size: 96,
      count: 1,
      fail: [],
    });
    expect(scriptLines('# a comment\n\ncpu1: kmem_cache_free(o1)  # why\n')).toEqual([{ text: 'cpu1: kmem_cache_free(o1)', line: 3 }]);
    expect(parseLine('cpu0/t0: kmem_cache_alloc_bulk(A, 96, 3, fail=[0,2])', 1).args).toEqual(['A', '96', '3', 'fail=[0,2]']);
  });

  it('bad lines are one-line errors with the line number', () => {
    const h = new Harness(design, defaultWorld(2), { invariants: new Set(INVARIANTS) });
    const err = (line: string) => {
      try {
        parseAction(line, 4, h);
      } catch (e) {
        expect(e).toBeInstanceOf(ScriptError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err('hello')).toBe('line 4: expected "[cpuN[/task]: ]function(args)", found "hello"');
    expect(err('cpu0: frobnicate(A)')).toMatch(/^line 4: unknown kernel call frobnicate\(\); known: cgroup_mkdir, /);
    expect(err('cpu1/t0: kmem_cache_alloc(A, 96)')).toBe('line 4: t0 runs on cpu0, not cpu1');
    expect(err('cpu0/t0: kmem_cache_alloc(B, 96)')).toBe('line 4: t0 is in cgroup A, not B');
    expect(err('cpu0/t0: kmem_cache_alloc(A, x)')).toBe('line 4: kmem_cache_alloc: size must be an integer >= 1, found "x"');
    expect(err('kmem_cache_free(o1)')).toBe('line 4: kmem_cache_free runs on a CPU: write "cpuN: kmem_cache_free(...)"');
    expect(err('cpu0: kmem_cache_free(o1)')).toBe('line 4: no live object o1');
    expect(err('cpu5: drain_all_stock(root)')).toBe('line 4: cpu5 does not exist (cpus 0..1)');
    expect(err('cpu0: cgroup_rmdir(A)')).toBe('line 4: A is not a live leaf cgroup without tasks');
    expect(err('cpu_up(cpu1)')).toBe('line 4: cpu1 is not an offline CPU');
    expect(err('cgroup_attach_task(root, t0)')).toBe('line 4: tasks are not moved to root (root is not charged)');
    expect(err('obj_cgroup_put(u1)')).toBe('line 4: no kernel user u1');
  });
});

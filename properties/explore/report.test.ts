import { describe, expect, it } from 'vitest';
import { simpleDesign } from '../../examples/simple-design.ts';
import { findBundledDesign } from '../../src/designs/index.ts';
import { decodeToken, encodeToken } from '../replay-token.ts';
import { findProperty } from '../properties.ts';
import { execute } from '../runner.ts';
import { explore } from './bfs.ts';
import { buildReport, formatReport, hasUnexpected, reportJson, SELFTEST_TOLERANCE } from './report.ts';
import { worldOf, DEFAULT_SCOPE } from './scope.ts';
import { actionCommands, lineCommands, traceCounterexample } from './trace.ts';

const broken = simpleDesign(new Set(['no-reparent', 'rmdir-keeps-objcg']));

describe('explore report', () => {
  const result = explore(broken, { depth: 3 });
  const rep = buildReport(broken, result, './examples/simple-design.ts');

  it('re-executes each shortest trace with results, and a token that carries the actions', () => {
    expect(rep.counterexamples.map((c) => [c.violation.check, c.violation.depth])).toEqual([
      ['ownership', 3],
      ['quiescence', 0],
    ]);
    const own = rep.counterexamples[0]!.counterexample;
    expect(own.trace.slice(0, 3)).toEqual(['cpu0/t0: kmem_cache_alloc(A, 8) -> o1', 'cgroup_attach_task(B, t0)', 'cpu0: cgroup_rmdir(A)']);
    expect(own.failure).toEqual({ invariant: 'ownership', step: 3, message: 'o1 (charged for A) is charged to A, expected the nearest live ancestor root' });
    const t = decodeToken(own.replay);
    expect(t).toEqual({
      design: './examples/simple-design.ts',
      property: 'ownership',
      seed: 0,
      path: '',
      replayPath: '',
      nrCpus: 2,
      maxCommands: 3,
      actions: ['cpu0/t0: kmem_cache_alloc(A, 8)', 'cgroup_attach_task(B, t0)', 'cpu0: cgroup_rmdir(A)'],
    });
    // the token's lines replay to the same failure through the runner's execute
    const again = execute(broken, worldOf(DEFAULT_SCOPE), findProperty(t.property)!, lineCommands(t.actions!), true);
    expect(again.failure).toEqual(own.failure);
  });

  it('prints text with levels, pre-charge and counterexamples', () => {
    const text = formatReport(rep).join('\n');
    expect(text).toMatch(/^explore simple\+no-reparent\+rmdir-keeps-objcg: depth 3 completed of 3\n/);
    expect(text).toContain('ownership: violated, shortest trace 3 step(s)');
    expect(text).toContain('quiescence: violated, shortest trace 0 step(s) then the teardown');
    expect(text).toContain(`kernel selftest tolerance ${SELFTEST_TOLERANCE.perCpuBytes} per CPU (${2 * SELFTEST_TOLERANCE.perCpuBytes} for 2)`);
    expect(text).toContain('replay: mcv1.');
    expect(hasUnexpected(rep)).toBe(true);
  });

  it('gives a JSON document of fixed shape, timings under perf', () => {
    const j = reportJson(rep) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual([
      'kind',
      'version',
      'design',
      'designRef',
      'scope',
      'depth',
      'depthCompleted',
      'stopped',
      'states',
      'transitions',
      'teardowns',
      'levels',
      'checks',
      'symmetry',
      'branching',
      'collisionBound',
      'violations',
      'precharge',
      'perf',
    ]);
    const again = reportJson(buildReport(broken, explore(broken, { depth: 3 }), './examples/simple-design.ts')) as Record<string, unknown>;
    expect({ ...again, perf: null }).toEqual({ ...j, perf: null });
    expect(Object.keys(j['perf'] as object)).toEqual(['elapsedMs', 'statesPerSecond', 'transitionsPerSecond', 'peakRssBytes', 'peakHeapBytes', 'levelsElapsedMs', 'levelsPeakRssBytes']);
  });

  it('marks violations the design documents as expected', () => {
    const d = findBundledDesign('sketch-2019')!;
    const r = buildReport(d, explore(d, { depth: 1, properties: [findProperty('conservation')!], stopWhenAllViolated: true }), 'sketch-2019');
    expect(r.counterexamples.map((c) => [c.violation.check, c.expected])).toEqual([['conservation', true]]);
    expect(hasUnexpected(r)).toBe(false);
    expect(formatReport(r).join('\n')).toContain('(expected by the design)');
  });
});

describe('traces as commands', () => {
  it('a trace that does not fail is an error, not a counterexample', () => {
    expect(() => traceCounterexample(simpleDesign(), worldOf(DEFAULT_SCOPE), findProperty('refinement')!, [], 'simple')).toThrow(
      'the 0-step trace no longer fails refinement (non-deterministic design?)',
    );
  });

  it('commands print their calls', () => {
    expect(String(actionCommands([{ op: 'runWork', cpu: 1 }])[0])).toBe('cpu1: drain_local_stock()');
    expect(String(lineCommands(['cpu1: drain_local_stock()'])[0])).toBe('cpu1: drain_local_stock()');
  });
});

describe('replay token with actions', () => {
  const base = { design: 'simple', property: 'conservation', seed: 0, path: '', replayPath: '', nrCpus: 2, maxCommands: 1 };

  it('round-trips, and stays valid without actions', () => {
    expect(decodeToken(encodeToken({ ...base, actions: ['cpu0/t0: kmem_cache_alloc(A, 8)'] })).actions).toEqual(['cpu0/t0: kmem_cache_alloc(A, 8)']);
    expect(decodeToken(encodeToken(base)).actions).toBeUndefined();
  });

  it('rejects actions that are not a list of strings, in one line', () => {
    const bad = `mcv1.${Buffer.from(JSON.stringify({ ...base, actions: [1] })).toString('base64url')}`;
    expect(() => decodeToken(bad)).toThrow('malformed replay token: field "actions" should be a list of strings, found [1]');
  });
});

import { describe, expect, it } from 'vitest';
import { budgetFlags, cpusFlag, helpText, intInRange, parseFlags, positiveInt, positiveNumber, propertySeed, runnerFlags, seedFlag } from './options.ts';
import { UsageError } from './io.ts';

describe('flag parsing', () => {
  it('returns typed values and positionals; "-" is a positional', () => {
    const p = parseFlags('run', ['--design', 'v6.18', '-', '--json'], ['design', 'json'], { min: 1, max: 1, usage: 'one script' });
    expect(p).toEqual({ flags: { design: 'v6.18', json: true }, positionals: ['-'] });
  });

  it('--help skips the positional count', () => {
    expect(parseFlags('replay', ['--help'], ['help'], { min: 1, max: 1, usage: 'one token' }).flags).toEqual({ help: true });
  });

  it.each([
    [['--nope'], 'x: unknown option --nope; expected one of: --runs, --json'],
    [['--runs'], 'x: --runs needs a value'],
    [['--json=1'], 'x: --json takes no value'],
    [['--runs', '-5'], 'x: --runs needs a value; for a value starting with "-", write --runs=VALUE'],
    [['a', 'b'], 'x: expected at most one thing, found extra argument(s) "a" "b"'],
  ])('%j -> %s', (args, message) => {
    expect(() => parseFlags('x', args, ['runs', 'json'], { min: 0, max: 1, usage: 'at most one thing' })).toThrow(new UsageError(message));
  });

  it('too few positionals', () => {
    expect(() => parseFlags('x', [], [], { min: 1, max: 1, usage: 'one token' })).toThrow(new UsageError('x: expected one token, found none'));
  });
});

describe('flag values', () => {
  it('positive integers', () => {
    expect(positiveInt('runs', undefined, 7)).toBe(7);
    expect(positiveInt('runs', '12', 7)).toBe(12);
    expect(() => positiveInt('runs', 'abc', 7)).toThrow(new UsageError('--runs must be a positive integer, found "abc"'));
    expect(() => positiveInt('runs', '1e3', 7)).toThrow(new UsageError('--runs must be a positive integer, found "1e3"'));
    expect(() => positiveInt('runs', '-2', 7)).toThrow(new UsageError('--runs must be a positive integer, found "-2"'));
    expect(() => positiveInt('steps', '11', 7, 10)).toThrow(new UsageError('--steps must be at most 10, found "11"'));
  });

  it('ranges, seeds, CPUs, minutes', () => {
    expect(intInRange('cpus', '8', 2, 1, 8)).toBe(8);
    expect(cpusFlag(undefined, 2)).toBe(2);
    expect(() => cpusFlag('0', 2)).toThrow(new UsageError('--cpus must be an integer in 1..8, found "0"'));
    expect(seedFlag('-2147483648', 1)).toBe(-2147483648);
    expect(() => seedFlag('2147483648', 1)).toThrow(new UsageError('--seed must be an integer in -2147483648..2147483647, found "2147483648"'));
    expect(positiveNumber('minutes', '0.5')).toBe(0.5);
    expect(positiveNumber('minutes', undefined)).toBeUndefined();
    expect(() => positiveNumber('minutes', '-1')).toThrow(new UsageError('--minutes must be a positive number, found "-1"'));
    expect(() => positiveNumber('minutes', 'soon')).toThrow(new UsageError('--minutes must be a positive number, found "soon"'));
  });

  it('property i runs with seed+i, wrapped to 32 bits', () => {
    expect(propertySeed(1, 3)).toBe(4);
    expect(propertySeed(2147483647, 1)).toBe(-2147483648);
  });

  it('budget and runner defaults', () => {
    expect(budgetFlags({})).toEqual({ runs: 500, steps: 100, seed: 1, cpus: 2 });
    expect(budgetFlags({ runs: '3', steps: '4', seed: '5', cpus: '6' })).toEqual({ runs: 3, steps: 4, seed: 5, cpus: 6 });
    expect(runnerFlags({}, 1000)).toEqual({ worker: true, stepTimeoutMs: 1000 });
    expect(runnerFlags({ 'no-worker': true, 'step-timeout': '50' }, 1000)).toEqual({ worker: false, stepTimeoutMs: 50 });
  });

  it('help lists flags with their values and defaults', () => {
    expect(helpText('check', '--design X', 'Check.', ['design', 'json'], { design: 'none' }).split('\n')).toEqual([
      'usage: memcg-verify check --design X',
      '',
      'Check.',
      '',
      'options:',
      '  --design NAME|FILE       bundled design name (see list) or a path to a .ts/.js design module (default none)',
      '  --json                   print one JSON document instead of text (schema in docs/cli.md)',
    ]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { exampleText, tempDesignDir } from './example-files.ts';
import { encodeToken } from '../../properties/replay-token.ts';

// Every bad input is one line on stderr and exit 2, never a stack trace.
describe('bad input: one line on stderr, exit 2', () => {
  const tmp = tempDesignDir();
  const good = tmp.write('design.ts', exampleText());
  tmp.write('no-design.ts', 'export const helper = 1;\nexport function other() {}\n');
  tmp.write('half-design.ts', "export const design = { info: { name: 'half', title: 't', kernel: 'k', batch: 1, refRules: { memcg: 'some' } }, create: 42 };\n");
  tmp.write('syntax.ts', 'export const design = {;\n');
  tmp.write('bad-expected.ts', `${exampleText()}\nexport const expected = { conservaton: 'fails' };\n`);
  tmp.write('script.txt', 'cpu0/t0: kmem_cache_alloc(A, 96)\ncpu0: kmem_cache_free(o7)\n');
  tmp.write('garbled.txt', 'cpu0/t0: kmem_cache_alloc(A, 96)\nthis is not a call\n');
  afterAll(() => tmp.remove());

  const token = (over: Record<string, unknown>): string =>
    encodeToken({ design: good, property: 'conservation', seed: 1, path: '0', replayPath: 'A', nrCpus: 2, maxCommands: 10, ...over });

  const cases: [string, string[], string | RegExp][] = [
    ['unknown subcommand', ['frobnicate'], 'memcg-verify: unknown subcommand "frobnicate"; expected one of: verify, check, replay, run, list, objections, explore, deep, bench'],
    ['unknown design name', ['check', '--design', 'v9.99'], /^memcg-verify: unknown design "v9\.99"; bundled designs: \S.* \(or give a path to a design module, e\.g\. \.\/my-design\.ts\)$/],
    ['missing design file', ['check', '--design', './nowhere.ts'], 'memcg-verify: design file not found: ./nowhere.ts'],
    ['design path is a directory', ['check', '--design', './'], 'memcg-verify: design path ./ is a directory; expected a .ts or .js module'],
    ['module that exports no design', ['check', '--design', './no-design.ts'], 'memcg-verify: ./no-design.ts does not export a design: expected "export const design" or a default export, found exports helper, other'],
    [
      'design missing fields',
      ['check', '--design', './half-design.ts'],
      'memcg-verify: ./half-design.ts: the exported design is missing or mistypes create() (found number 42); info.stockSlots: number (found nothing); info.prechargeBound(config) (found nothing); ' +
        'info.refRules.memcg: "coupled" | "objcg-pins-memcg" | "pointers-only" | "none" (found "some"); info.refRules.kmemPagesPinObjcg: boolean (found nothing); info.refRules.taskObjcgCache: boolean (found nothing); ' +
        'info.refRules.origObjcgRef: boolean (found nothing); info.refRules.objcgs: boolean (found nothing)',
    ],
    ['module that does not compile', ['check', '--design', './syntax.ts'], /^memcg-verify: cannot load design module \.\/syntax\.ts: .*Unexpected/],
    ['expected naming an unknown property', ['check', '--design', './bad-expected.ts'], /^memcg-verify: \.\/bad-expected\.ts: expected names unknown property "conservaton"; properties: refinement, conservation, /],
    ['check without --design', ['check'], 'memcg-verify: check: --design is required (a bundled design name, or a path such as ./my-design.ts)'],
    ['check with a positional', ['check', good], 'memcg-verify: check: expected no positional arguments (use --design NAME|FILE), found extra argument(s) "./design.ts"'],
    ['--runs not a number', ['check', '--design', good, '--runs', 'abc'], 'memcg-verify: --runs must be a positive integer, found "abc"'],
    ['--runs zero', ['check', '--design', good, '--runs', '0'], 'memcg-verify: --runs must be a positive integer, found "0"'],
    ['--steps negative', ['check', '--design', good, '--steps', '-3'], 'memcg-verify: check: --steps needs a value; for a value starting with "-", write --steps=VALUE'],
    ['--steps too large', ['check', '--design', good, '--steps=20000'], 'memcg-verify: --steps must be at most 10000, found "20000"'],
    ['--cpus out of range', ['check', '--design', good, '--cpus', '9'], 'memcg-verify: --cpus must be an integer in 1..8, found "9"'],
    ['--seed not an integer', ['check', '--design', good, '--seed', '1.5'], 'memcg-verify: --seed must be an integer in -2147483648..2147483647, found "1.5"'],
    ['--step-timeout not a number', ['check', '--design', good, '--step-timeout', 'soon'], 'memcg-verify: --step-timeout must be a positive integer, found "soon"'],
    ['flag without its value', ['check', '--design'], 'memcg-verify: check: --design needs a value'],
    ['boolean flag with a value', ['check', '--design', good, '--json=yes'], 'memcg-verify: check: --json takes no value'],
    [
      'unknown flag',
      ['check', '--design', good, '--fast'],
      'memcg-verify: check: unknown option --fast; expected one of: --design, --runs, --steps, --seed, --cpus, --json, --markdown, --no-store, --step-timeout, --no-worker, --help',
    ],
    ['unwritable --markdown', ['check', '--design', good, '--runs', '5', '--steps', '5', '--no-worker', '--markdown', 'no/such/dir/r.md'], /^memcg-verify: cannot write --markdown no\/such\/dir\/r\.md: ENOENT/],
    ['--minutes not positive', ['deep', '--design', good, '--minutes', '0'], 'memcg-verify: --minutes must be a positive number, found "0"'],
    ['replay without a token', ['replay'], 'memcg-verify: replay: expected one replay token, found none'],
    ['malformed token', ['replay', 'abc'], 'memcg-verify: malformed replay token: expected it to start with "mcv1.", found "abc"'],
    ['token that is not JSON', ['replay', 'mcv1.%%%'], 'memcg-verify: malformed replay token: the payload is not base64url-encoded JSON'],
    ['token naming an unknown property', ['replay', token({ property: 'tidiness' })], /^memcg-verify: replay token names unknown property "tidiness"; properties: refinement, /],
    ['token naming a missing design file', ['replay', token({ design: './gone.ts' })], 'memcg-verify: replay token names design "./gone.ts": design file not found: ./gone.ts'],
    ['token naming an unknown bundled design', ['replay', token({ design: 'v0.1' })], /^memcg-verify: replay token names design "v0\.1": unknown design "v0\.1"; bundled designs: /],
    ['token with too many CPUs', ['replay', token({ nrCpus: 64 })], 'memcg-verify: malformed replay token: nrCpus must be an integer in 1..8, found 64'],
    ['token with no commands', ['replay', token({ maxCommands: 0 })], 'memcg-verify: malformed replay token: maxCommands must be a positive integer, found 0'],
    [
      'token that no longer fails',
      ['replay', token({}), '--no-worker'],
      'memcg-verify: replay token no longer fails: design page-per-object holds conservation on that sequence (seed 1, path "0"); was the design changed?',
    ],
    ['run without --design', ['run', 'script.txt'], 'memcg-verify: run: --design is required (a bundled design name, or a path such as ./my-design.ts)'],
    ['run without a script', ['run', '--design', good], 'memcg-verify: run: expected one script file (or - for stdin), found none'],
    ['run with a missing script', ['run', '--design', good, 'nothing.txt'], 'memcg-verify: script file not found: nothing.txt'],
    ['script line that does not apply', ['run', '--design', good, 'script.txt', '--no-worker'], 'memcg-verify: script script.txt, line 2: no live object o7'],
    ['script line that does not parse', ['run', '--design', good, 'garbled.txt', '--no-worker'], 'memcg-verify: script garbled.txt, line 2: expected "[cpuN[/task]: ]function(args)", found "this is not a call"'],
    ['list with an argument', ['list', 'all'], 'memcg-verify: list: expected no arguments, found extra argument(s) "all"'],
    ['verify with an argument', ['verify', 'v5.10'], 'memcg-verify: verify: expected no arguments, found extra argument(s) "v5.10"'],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    const io = fakeIO(tmp.dir);
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    if (typeof message === 'string') expect(io.stderr[0]).toBe(message);
    else expect(io.stderr[0]).toMatch(message);
    expect(io.stderr[0]).not.toMatch(/\n\s+at /); // no stack trace
  });
});

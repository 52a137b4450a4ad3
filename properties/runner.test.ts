import { describe, expect, it } from 'vitest';
import { simpleDesign } from '../examples/simple-design.ts';
import { findProperty } from './properties.ts';
import { checkProperty } from './runner.ts';
import { decodeToken, encodeToken } from './replay-token.ts';

const SEED = 3;

describe(`runner (seed: ${SEED})`, () => {
  const broken = simpleDesign(new Set(['no-reparent']));
  const prop = findProperty('refinement')!;
  const first = checkProperty(broken, prop, { seed: SEED, numRuns: 500, maxCommands: 60, nrCpus: 2 });

  it('reports seed, path and replayPath, and a token that carries them', () => {
    expect(first.verdict).toBe('fails');
    const cx = first.counterexample!;
    expect(cx.seed).toBe(SEED);
    expect(cx.path).toMatch(/^\d+(:\d+)*$/);
    expect(cx.replayPath.length).toBeGreaterThan(0);
    const t = decodeToken(cx.replay);
    expect(t).toEqual({ design: broken.info.name, property: 'refinement', seed: SEED, path: cx.path, replayPath: cx.replayPath, nrCpus: 2, maxCommands: 60 });
  });

  it('replaying from seed, path and replayPath gives the same trace and failure', () => {
    const cx = first.counterexample!;
    const again = checkProperty(broken, prop, { seed: cx.seed, path: cx.path, replayPath: cx.replayPath, numRuns: 1, maxCommands: 60, nrCpus: 2 });
    expect(again.verdict).toBe('fails');
    expect(again.counterexample!.trace).toEqual(cx.trace);
    expect(again.counterexample!.failure).toEqual(cx.failure);
  });

  it('the trace is 1-minimal: states kept per step, teardown after `length`', () => {
    const cx = first.counterexample!;
    expect(cx.states).toHaveLength(cx.trace.length);
    expect(cx.length).toBeLessThanOrEqual(cx.shrunkLength);
    expect(cx.length).toBeLessThanOrEqual(cx.trace.length);
  });

  it('malformed tokens are one-line errors naming what is wrong', () => {
    expect(() => decodeToken('abc')).toThrow('malformed replay token: expected it to start with "mcv1.", found "abc"');
    expect(() => decodeToken('mcv1.%%%')).toThrow('malformed replay token: the payload is not base64url-encoded JSON');
    const noSeed = encodeToken({ design: 'x', property: 'p', seed: 1, path: '0', replayPath: 'A', nrCpus: 2, maxCommands: 9 }).slice(0, -3);
    expect(() => decodeToken(noSeed)).toThrow(/^malformed replay token: /);
    const wrongType = 'mcv1.' + Buffer.from(JSON.stringify({ design: 'x', property: 'p', seed: '1' })).toString('base64url');
    expect(() => decodeToken(wrongType)).toThrow('malformed replay token: field "seed" should be a number, found "1"');
  });
});

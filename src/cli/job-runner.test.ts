import { afterAll, describe, expect, it } from 'vitest';
import { JobRunner } from './job-runner.ts';
import { runJob, type CheckJob } from './jobs.ts';
import { exampleText, tempDesignDir } from './example-files.ts';
import { UsageError } from './io.ts';

// A design whose slab allocation of more than 100 bytes never returns.
const HANGS = {
  line: '    slabAlloc(task, objs, size, failures) {',
  broken: '    slabAlloc(task, objs, size, failures) {\n      if (size > 100) for (;;) {}',
};

describe('job runner (seed: 1)', () => {
  const tmp = tempDesignDir();
  const good = tmp.write('design.ts', exampleText());
  const hangs = tmp.write('hangs.ts', exampleText(HANGS));
  afterAll(() => tmp.remove());
  const job = (design: string, property = 'refinement'): CheckJob => ({ kind: 'check', design, cwd: tmp.dir, property, seed: 1, numRuns: 30, maxCommands: 20, nrCpus: 2 });

  it('a worker gives the same result as the main thread', async () => {
    const runner = new JobRunner({ worker: true, stepTimeoutMs: 10_000, parallel: 1 });
    try {
      const inWorker = await runner.run(job(good), 'page-per-object');
      const here = await runJob(job(good));
      expect(inWorker).toEqual(here);
      expect(inWorker.verdict).toBe('holds');
      expect(inWorker.runs).toBe(30);
    } finally {
      await runner.close();
    }
  });

  it('names the step and the call of a design that never returns', async () => {
    const runner = new JobRunner({ worker: true, stepTimeoutMs: 300, parallel: 1 });
    try {
      const err = await runner.run(job(hangs), 'page-per-object').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      // With seed 1, step 2 of the first sequence is the first slab allocation above 100 bytes.
      expect((err as Error).message).toBe('design page-per-object did not return from step 2 (slabAlloc(t1, [o1], 110, [false])) within 300 ms, checking refinement');
    } finally {
      await runner.close();
    }
  });

  it('a bad design reference in a worker is a UsageError', async () => {
    const runner = new JobRunner({ worker: true, stepTimeoutMs: 10_000, parallel: 1 });
    try {
      await expect(runner.run(job('./missing.ts'), 'missing')).rejects.toThrow(new UsageError('design file not found: ./missing.ts'));
    } finally {
      await runner.close();
    }
  });

  it('on the main thread, jobs run one after the other, in order', async () => {
    const runner = new JobRunner({ worker: false, stepTimeoutMs: 10_000 });
    const order: string[] = [];
    const props = ['conservation', 'ownership', 'quiescence'];
    const results = await Promise.all(props.map((p) => runner.run(job(good, p), 'page-per-object', () => void (order.at(-1) !== p && order.push(p)))));
    expect(results.map((r) => r.property)).toEqual(props);
    expect(order).toEqual(props);
    await runner.close();
  });
});

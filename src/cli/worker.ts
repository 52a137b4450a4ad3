/*
 * Worker entry: runs jobs (jobs.ts) posted by the job runner, one at a
 * time, with the design instrumented by the step watch (step-watch.ts) so
 * that the main thread can see a call that never returns.
 *
 * Messages in:  { id, job }
 * Messages out: { id, type: 'progress', runs, steps }   (at most every 200 ms)
 *               { id, type: 'done', result }
 *               { id, type: 'error', usage, message }   (usage: a UsageError, exit 2)
 */

import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from './jobs.ts';
import { watchDesign } from './step-watch.ts';
import { UsageError } from './io.ts';

const PROGRESS_MS = 200;
const { watch } = workerData as { watch: SharedArrayBuffer };
const port = parentPort!;

port.on('message', async ({ id, job }: { id: number; job: Job }) => {
  let last = 0;
  const progress = (runs: number, steps: number): void => {
    const now = Date.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    port.postMessage({ id, type: 'progress', runs, steps });
  };
  try {
    const result = await runJob(job, progress, (d) => watchDesign(d, watch));
    port.postMessage({ id, type: 'done', result });
  } catch (e) {
    port.postMessage({ id, type: 'error', usage: e instanceof UsageError, message: e instanceof Error ? e.message : String(e) });
  }
});

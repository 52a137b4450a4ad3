/*
 * The job runner: runs jobs (jobs.ts) in a small pool of worker threads,
 * one job per worker at a time, with a per-step time limit on design
 * calls; or, with --no-worker, one after the other on the main thread
 * (no time limit, but a debugger can stop inside the design).
 *
 * Workers load TypeScript through tsx: on Node 20 `execArgv: ['--import',
 * 'tsx']` does not reach a worker's own entry module, so each worker starts
 * from a tiny ESM bootstrap (a data: URL) that calls tsx's register() and
 * then imports worker.ts.
 *
 * A hung design: the main thread polls every worker's step watch; a design
 * call that has not returned within the limit makes the job fail with
 * "design <name> did not return from step N (<call>) within T ms" (a
 * UsageError, exit 2), and the worker is terminated.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runJob, type Job, type JobResult, type Progress } from './jobs.ts';
import { newWatchBuffer, readCall } from './step-watch.ts';
import { UsageError } from './io.ts';

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/** Each worker loads tsx and every design module: more than this costs more than it gains. */
export const MAX_WORKERS = 8;

export interface RunnerOptions {
  /** false: run on the main thread (--no-worker). */
  readonly worker: boolean;
  /** Per-step time limit on design calls, in workers. */
  readonly stepTimeoutMs: number;
  /** Most workers at once (default: available CPUs, at most MAX_WORKERS). */
  readonly parallel?: number;
}

interface Pending {
  readonly id: number;
  readonly job: Job;
  /** Design name for messages. */
  readonly label: string;
  readonly onProgress: Progress;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly watch: SharedArrayBuffer;
  busy: Pending | null;
  lastSeq: number;
  lastChange: number;
}

let nextId = 1;

export class JobRunner {
  private readonly queue: Pending[] = [];
  private readonly slots: Slot[] = [];
  private poller: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly options: RunnerOptions) {}

  /** Run `job` (for design `label`); progress reports runs and steps so far. */
  run<J extends Job>(job: J, label: string, onProgress: Progress = () => {}): Promise<JobResult<J>> {
    if (!this.options.worker) {
      const p = this.chain.then(() => runJob(job, onProgress));
      this.chain = p.catch(() => {});
      return p;
    }
    return new Promise<JobResult<J>>((resolve, reject) => {
      this.queue.push({ id: nextId++, job, label, onProgress, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Terminate every worker. Jobs still queued or running are abandoned
   * (their promises never settle): close() comes after the caller has its
   * answer or has already failed.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.stopPolling();
    this.queue.splice(0);
    const slots = this.slots.splice(0);
    for (const s of slots) s.busy = null;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.busy === null) ?? this.spawn();
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.busy = p;
      slot.lastSeq = readCall(slot.watch).seq;
      slot.lastChange = Date.now();
      slot.worker.postMessage({ id: p.id, job: p.job });
      this.startPolling();
    }
  }

  private spawn(): Slot | null {
    const max = Math.max(1, this.options.parallel ?? Math.min(MAX_WORKERS, availableParallelism()));
    if (this.slots.length >= max) return null;
    const watch = newWatchBuffer();
    const worker = new Worker(bootstrapUrl(), { workerData: { watch } });
    const slot: Slot = { worker, watch, busy: null, lastSeq: 0, lastChange: Date.now() };
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e) => this.fail(slot, new Error(`worker failed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (slot.busy) this.fail(slot, new Error(`worker exited with code ${code} while running a job`));
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const p = slot.busy;
    if (!p || m.id !== p.id) return;
    if (m.type === 'progress') return p.onProgress(m.runs, m.steps);
    slot.busy = null;
    if (m.type === 'done') p.resolve(m.result);
    else p.reject(m.usage ? new UsageError(m.message) : new Error(m.message));
    this.dispatch();
    if (this.slots.every((s) => s.busy === null)) this.stopPolling();
  }

  /** The job on `slot` failed: reject it and retire the worker. */
  private fail(slot: Slot, e: Error): void {
    const p = slot.busy;
    slot.busy = null;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
    p?.reject(e);
    this.dispatch();
  }

  private startPolling(): void {
    if (this.poller) return;
    const every = Math.max(10, Math.min(100, Math.floor(this.options.stepTimeoutMs / 4)));
    this.poller = setInterval(() => this.poll(), every);
  }

  private stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
  }

  private poll(): void {
    const now = Date.now();
    for (const slot of [...this.slots]) {
      if (!slot.busy) continue;
      const c = readCall(slot.watch);
      if (c.seq !== slot.lastSeq) {
        slot.lastSeq = c.seq;
        slot.lastChange = now;
      } else if (c.inCall && now - slot.lastChange >= this.options.stepTimeoutMs) {
        const job = slot.busy.job;
        const what = job.kind === 'check' ? `, checking ${job.property}` : job.kind === 'explore' ? ', exploring' : '';
        this.fail(slot, new UsageError(`design ${slot.busy.label} did not return from step ${c.step} (${c.call}) within ${this.options.stepTimeoutMs} ms${what}`));
      }
    }
    if (this.slots.every((s) => s.busy === null)) this.stopPolling();
  }
}

type WorkerMessage =
  | { id: number; type: 'progress'; runs: number; steps: number }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; usage: boolean; message: string };

/** An ESM bootstrap that registers tsx, then loads the worker entry. */
function bootstrapUrl(): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

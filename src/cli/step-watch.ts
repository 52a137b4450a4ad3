/*
 * The design call in progress, in shared memory: how the main thread sees
 * that a design running in a worker never returned.
 *
 * The worker wraps the design so that every method call first records the
 * harness step it belongs to and the call itself in a SharedArrayBuffer,
 * bumps a sequence number, and clears an "in a call" flag on return. The
 * main thread polls: a call whose sequence number has not moved for the
 * time limit is hung; the main thread terminates the worker and names the
 * step and the call. A busy loop cannot answer a message, but it cannot
 * stop the other thread from reading memory either.
 *
 * Step numbers follow the harness: snapshot() ends every step (the first
 * snapshot, right after create(), is step 0), so calls made after the k-th
 * snapshot belong to step k.
 */

import type { Design, DesignInstance } from '../design.ts';

const SEQ = 0;
const IN_CALL = 1;
const STEP = 2;
const LEN = 3;
const HEADER_BYTES = 16;
const TEXT_BYTES = 1024;

export function newWatchBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + TEXT_BYTES);
}

export interface CallInProgress {
  readonly seq: number;
  readonly inCall: boolean;
  readonly step: number;
  readonly call: string;
}

/** What the worker is doing now (main thread side). */
export function readCall(buf: SharedArrayBuffer): CallInProgress {
  const head = new Int32Array(buf, 0, 4);
  const len = Math.min(Atomics.load(head, LEN), TEXT_BYTES);
  const text = new Uint8Array(buf, HEADER_BYTES, len).slice();
  return {
    seq: Atomics.load(head, SEQ),
    inCall: Atomics.load(head, IN_CALL) === 1,
    step: Atomics.load(head, STEP),
    call: new TextDecoder().decode(text),
  };
}

/** Worker side: a Design whose instances record every call in `buf`. */
export function watchDesign(design: Design, buf: SharedArrayBuffer): Design {
  const head = new Int32Array(buf, 0, 4);
  const text = new Uint8Array(buf, HEADER_BYTES, TEXT_BYTES);
  const encoder = new TextEncoder();

  function enter(step: number, call: string): void {
    const { written } = encoder.encodeInto(call, text);
    Atomics.store(head, LEN, written);
    Atomics.store(head, STEP, step);
    Atomics.store(head, IN_CALL, 1);
    Atomics.add(head, SEQ, 1);
  }
  function leave(): void {
    Atomics.store(head, IN_CALL, 0);
  }
  function timed<T>(step: number, call: string, f: () => T): T {
    enter(step, call);
    try {
      return f();
    } finally {
      leave();
    }
  }

  /** `inst` with every call timed; a clone() (the explorer's branches) is watched as well, from the same step. */
  function watched(inst: DesignInstance, from: number): DesignInstance {
    let snapshots = from;
    return new Proxy(inst, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const name = String(prop);
        return (...args: unknown[]) => {
          const step = snapshots;
          if (name === 'snapshot') snapshots++;
          const out = timed(step, `${name}(${args.map(argText).join(', ')})`, () => (value as (...a: unknown[]) => unknown).apply(target, args));
          return name === 'clone' ? watched(out as DesignInstance, step) : out;
        };
      },
    }) as DesignInstance;
  }

  return {
    info: design.info,
    create(config) {
      return watched(
        timed(0, 'create()', () => design.create(config)),
        0,
      );
    },
  };
}

/** Arguments as a design author reads them: names bare, lists in brackets. */
export function argText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(argText).join(', ')}]`;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? String(v);
}

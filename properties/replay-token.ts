/*
 * Replay tokens: everything needed to re-run one failure exactly, in one
 * copy-pasteable string: "mcv1." + base64url(JSON).
 *
 * Two kinds share the format. A random run's token carries fast-check's
 * seed, path and replayPath. An exploration's token carries the trace
 * itself: `actions`, one kernel call per line in the trace notation
 * (properties/notation.ts), which parseAction reads back; its seed is 0,
 * its paths are empty and maxCommands is the number of actions.
 */

export interface ReplayToken {
  /** Bundled design name, or the path of a design module. */
  readonly design: string;
  readonly property: string;
  readonly seed: number;
  /** fast-check's counterexamplePath. */
  readonly path: string;
  /** fast-check's commands replayPath. */
  readonly replayPath: string;
  readonly nrCpus: number;
  readonly maxCommands: number;
  /** Explorer traces: the actions to run, one notation line each, instead of generated commands. */
  readonly actions?: readonly string[];
}

const PREFIX = 'mcv1.';

export function encodeToken(t: ReplayToken): string {
  return PREFIX + Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

/** Decode and validate; throws one line naming what is wrong. */
export function decodeToken(s: string): ReplayToken {
  if (!s.startsWith(PREFIX)) throw new Error(`malformed replay token: expected it to start with "${PREFIX}", found "${s.slice(0, 12)}"`);
  let t: unknown;
  try {
    t = JSON.parse(Buffer.from(s.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new Error('malformed replay token: the payload is not base64url-encoded JSON');
  }
  const o = t as Record<string, unknown>;
  const want: [string, string][] = [
    ['design', 'string'],
    ['property', 'string'],
    ['seed', 'number'],
    ['path', 'string'],
    ['replayPath', 'string'],
    ['nrCpus', 'number'],
    ['maxCommands', 'number'],
  ];
  for (const [k, type] of want)
    if (typeof o?.[k] !== type) throw new Error(`malformed replay token: field "${k}" should be a ${type}, found ${JSON.stringify(o?.[k])}`);
  if (o.actions !== undefined && !(Array.isArray(o.actions) && o.actions.every((a) => typeof a === 'string')))
    throw new Error(`malformed replay token: field "actions" should be a list of strings, found ${JSON.stringify(o.actions)}`);
  return o as unknown as ReplayToken;
}

/*
 * The set of states seen, by 64-bit fingerprint of the canonical key, as
 * TLC keeps its states: 8 bytes a state in an open-addressing table
 * instead of a key string of several hundred bytes.
 *
 * Two different keys with the same fingerprint would make the explorer
 * skip a state. With n states the chance of any such collision is below
 * n^2 / 2^65 (the birthday bound for 64-bit hashes), which `collisionBound`
 * reports; at a million states it is under 3e-8.
 */

/** Two independent 32-bit hashes of `s` (FNV-1a and a multiply-xorshift), each finalised with an avalanche. */
export function fingerprint(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [fmix(a ^ s.length), fmix(b)];
}

/** MurmurHash3's 32-bit finaliser: every input bit flips about half the output bits. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A set of fingerprints: open addressing with linear probing, doubling at half full. */
export class FingerprintSet {
  private table = new Uint32Array(2 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes the table takes. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Add the fingerprint of `key`; true if it was not there. */
  add(key: string): boolean {
    const [lo, hi] = fingerprint(key);
    return this.addFingerprint(lo, hi);
  }

  /** Add a fingerprint (two 32-bit halves); true if it was not there. */
  addFingerprint(lo: number, hi: number): boolean {
    if (lo === 0 && hi === 0) hi = 1; // (0, 0) marks an empty slot
    if (2 * (this.count + 1) > this.table.length / 2) this.grow();
    if (!this.insert(this.table, lo, hi)) return false;
    this.count++;
    return true;
  }

  private insert(t: Uint32Array, lo: number, hi: number): boolean {
    const mask = t.length / 2 - 1;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const x = t[2 * i]!;
      const y = t[2 * i + 1]!;
      if (x === 0 && y === 0) {
        t[2 * i] = lo;
        t[2 * i + 1] = hi;
        return true;
      }
      if (x === lo && y === hi) return false;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.insert(this.table, old[i]!, old[i + 1]!);
  }
}

/** Upper bound on the probability that any two of `n` distinct keys share a fingerprint. */
export function collisionBound(n: number): number {
  return (n * n) / 2 ** 65;
}

/**
 * A seeded pseudo-random generator (sfc32), so that a fuzz run can be repeated
 * exactly: the same seed gives the same requests in the same order.
 */

/** The fuzz seed: FUZZ_SEED=<integer>, FUZZ_SEED=random for a new one, else a fixed default (npm test stays deterministic). */
export function fuzzSeed(env = process.env.FUZZ_SEED): number {
  if (env === "random") return Math.floor(Math.random() * 2 ** 32);
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new Error(`FUZZ_SEED must be an integer in [0, 2^32) or "random", not ${JSON.stringify(env)}`);
    return n;
  }
  return 20_261_123;
}

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(readonly seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** A new generator derived from this one (independent streams per phase keep runs comparable). */
  fork(): Random {
    return new Random(this.int(2 ** 32));
  }
}

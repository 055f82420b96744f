import { randomBytes, randomInt } from "node:crypto";
import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Clock } from "@/lib/auth/throttle";

/** A clock the test moves: `sleep` advances it at once, so no test really waits. */
export function fakeClock(start = Date.now()): Clock & { advance(ms: number): void; slept: number; sleeps: number } {
  let now = start;
  const clock = {
    slept: 0,
    sleeps: 0,
    now: () => now,
    sleep: async (ms: number) => {
      clock.slept += ms;
      clock.sleeps++;
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
  return clock;
}

/** A random documentation-range address, so tests never share throttling counters. */
export function randomIPv4(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${1 + randomInt(254)}`;
}

export function randomIPv6(): string {
  return `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::${randomInt(1, 0xffff).toString(16)}`;
}

export const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
export const CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36";

export function client(ip = randomIPv4(), userAgent: string | null = FIREFOX_LINUX): ClientMeta {
  return { ip, userAgent };
}

export const noSecondFactor = async () => "none" as const;

/** Seconds to wait when a result was refused by the throttle, else null. */
export function retryAfterOf(result: { ok: boolean }): number | null {
  return !result.ok && "retryAfter" in result && typeof result.retryAfter === "number" ? result.retryAfter : null;
}

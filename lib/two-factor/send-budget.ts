import "server-only";
import { DAY, HOUR, MINUTE } from "@/lib/auth/policy";
import { nowAndThen } from "@/lib/background";
import { db, isUniqueViolation } from "@/lib/db";
import { env } from "@/lib/env";
import { addressBucket } from "@/lib/net/client-address";

/**
 * How many code messages (SMS, Signal, e-mail, …) may go out: per user × channel
 * (default 5 an hour, 20 a day) and per client address (30 an hour, 100 a day),
 * counted in the database (SendSlot) so that every instance shares them.
 *
 * A budget of N sends per window is N slots. A send takes a slot whose last use
 * is older than the window — a conditional update, or creating a slot not there
 * yet, which its primary key lets only one caller do — so no window of that
 * length ever holds more than N sends, however many requests arrive at once.
 */

export type Budget = { key: string; limit: number; windowMs: number };

/** A send may go out (`release` gives the slots back if it does not), or not before `nextAt`. */
export type Taken = { ok: true; release(): Promise<void> } | { ok: false; nextAt: Date };

type Slot = { key: string; slot: number; usedAt: Date };
type Claim = { ok: true; slot: Slot; previous: Date | null } | { ok: false; nextAt: Date };

/** The budgets a code message for `userId` over `channel`, asked for from `address`, draws on. */
export function codeMessageBudgets(userId: string, channel: string, address: string | null): Budget[] {
  const c = env().codeMessages;
  const user = `code|user|${userId}|${channel}`;
  const budgets: Budget[] = [
    { key: `${user}|hour`, limit: c.perHour, windowMs: HOUR },
    { key: `${user}|day`, limit: c.perDay, windowMs: DAY },
  ];
  if (address) {
    const ip = `code|ip|${addressBucket(address)}`;
    budgets.push({ key: `${ip}|hour`, limit: c.perAddressHour, windowMs: HOUR }, { key: `${ip}|day`, limit: c.perAddressDay, windowMs: DAY });
  }
  return budgets;
}

/** Takes one send from every budget, or from none. */
export async function takeSend(budgets: Budget[], now = new Date()): Promise<Taken> {
  purgeNowAndThen();
  const claimed: Extract<Claim, { ok: true }>[] = [];
  const release = () => Promise.all(claimed.map(giveBack)).then(() => undefined);
  for (const budget of budgets) {
    const claim = await claimSlot(budget, now);
    if (!claim.ok) {
      await release();
      return { ok: false, nextAt: (await nextSendAt(budgets, now)) ?? claim.nextAt };
    }
    claimed.push(claim);
  }
  return { ok: true, release };
}

/** When every budget has a send left again: null when they have one now. */
export async function nextSendAt(budgets: Budget[], now = new Date()): Promise<Date | null> {
  const rows = await db.sendSlot.findMany({ where: { key: { in: budgets.map((b) => b.key) } } });
  let latest: Date | null = null;
  for (const b of budgets) {
    const at = freeAt(
      b,
      rows.filter((r) => r.key === b.key),
      now,
    );
    if (at && (!latest || at > latest)) latest = at;
  }
  return latest;
}

/** "at 14:05 UTC (in 38 minutes)", or with the day when it is not today. */
export function sendTimeInWords(at: Date, now = new Date()): string {
  const time = at.toISOString().slice(11, 16);
  const sameDay = at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  const day = sameDay ? "" : ` on ${at.getUTCDate()} ${at.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })}`;
  const minutes = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / MINUTE));
  const wait = minutes < 90 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.round(minutes / 60)} hours`;
  return `at ${time} UTC${day} (in ${wait})`;
}

/** The moment a budget has a slot free again, or null when one is free now. */
function freeAt(b: Budget, rows: Slot[], now: Date): Date | null {
  const live = rows.filter((r) => r.slot < b.limit);
  if (live.length < b.limit) return null;
  const oldest = Math.min(...live.map((r) => r.usedAt.getTime()));
  const at = oldest + b.windowMs;
  return at <= now.getTime() ? null : new Date(at);
}

async function claimSlot(b: Budget, now: Date): Promise<Claim> {
  const cutoff = now.getTime() - b.windowMs;
  // Each lost race means another send took a slot, so this ends within limit + 1 rounds.
  for (let round = 0; round <= b.limit + 1; round++) {
    const rows = (await db.sendSlot.findMany({ where: { key: b.key } })).filter((r) => r.slot < b.limit);
    const free = rows.filter((r) => r.usedAt.getTime() <= cutoff);
    if (free.length > 0) {
      const pick = free[Math.floor(Math.random() * free.length)]!;
      const { count } = await db.sendSlot.updateMany({ where: { key: b.key, slot: pick.slot, usedAt: pick.usedAt }, data: { usedAt: now } });
      if (count === 1) return { ok: true, slot: { ...pick, usedAt: now }, previous: pick.usedAt };
      continue;
    }
    if (rows.length < b.limit) {
      const taken = new Set(rows.map((r) => r.slot));
      const slot = [...Array(b.limit).keys()].find((i) => !taken.has(i))!;
      try {
        await db.sendSlot.create({ data: { key: b.key, slot, usedAt: now } });
        return { ok: true, slot: { key: b.key, slot, usedAt: now }, previous: null };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        continue;
      }
    }
    return { ok: false, nextAt: freeAt(b, rows, now) ?? new Date(now.getTime() + 1000) };
  }
  return { ok: false, nextAt: new Date(now.getTime() + 1000) };
}

/** Undoes a claim (the send did not go out), unless the slot was reused since. */
async function giveBack(claim: Extract<Claim, { ok: true }>): Promise<void> {
  const { key, slot, usedAt } = claim.slot;
  if (claim.previous) await db.sendSlot.updateMany({ where: { key, slot, usedAt }, data: { usedAt: claim.previous } });
  else await db.sendSlot.deleteMany({ where: { key, slot, usedAt } });
}

/** Slots unused for a day count for no budget: at most every 10 minutes per instance, after the response. */
function purgeNowAndThen(): void {
  nowAndThen("send-slots", 10 * MINUTE, () => db.sendSlot.deleteMany({ where: { usedAt: { lt: new Date(Date.now() - DAY) } } }));
}

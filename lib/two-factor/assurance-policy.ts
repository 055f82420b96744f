import "server-only";
import { readJsonSetting, writeJsonSetting } from "@/lib/config";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import type { Assurance } from "@/lib/two-factor/assurance";

/**
 * Groups whose members must sign in phishing resistant (a security key or a
 * passkey), on top of 2FA enforcement: their challenge offers only such
 * factors, and without one they set one up at sign-in. A JSON row in
 * AppConfig, written by `twofactorauth:require` (and read here only).
 */

const KEY = "phishing_resistant_groups";

export async function phishingResistantGroups(): Promise<string[]> {
  const groups = await readJsonSetting<unknown>(KEY, []);
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
}

/** The assurance a user's sign-in must reach (null: any second factor, or none, as enforcement says). */
export async function requiredAssuranceFor(userId: string): Promise<Assurance | null> {
  const groups = await phishingResistantGroups();
  if (groups.length === 0) return null;
  const member = await db.groupMember.findFirst({ where: { userId, group: { name: { in: groups } } }, select: { userId: true } });
  return member ? "phishing_resistant" : null;
}

/** Sets the groups (empty: the rule is off) after checking they exist; logged with the actor. */
export async function writePhishingResistantGroups(groups: string[], actor: string): Promise<Result> {
  const named = [...new Set(groups)];
  const found = await db.group.findMany({ where: { name: { in: named } }, select: { name: true } });
  const missing = named.find((n) => !found.some((f) => f.name === n));
  if (missing !== undefined) return failure("not_found", `Group "${missing.slice(0, 64)}" does not exist.`);
  await db.$transaction(async (tx) => {
    await writeJsonSetting(KEY, named.sort(), tx);
    await recordEvent(tx, { userId: null, actor, type: "admin.enforcement_changed", details: { phishing_resistant_groups: named.join(",") } });
  });
  return { ok: true };
}

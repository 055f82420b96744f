import { randomBytes } from "node:crypto";
import { createAppPassword } from "@/lib/auth/app-passwords";
import { redeemChallenge, startChallenge } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { createUser } from "@/lib/users";

export const META: ClientMeta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
export const PASSWORD = "correct horse battery staple";

/** A fresh account with a unique login. */
export async function makeUser(overrides: { isAdmin?: boolean; password?: string; email?: string } = {}) {
  const login = `user-${randomBytes(5).toString("hex")}`;
  const result = await createUser({ login, password: overrides.password ?? PASSWORD, isAdmin: overrides.isAdmin, email: overrides.email });
  if (!result.ok) throw new Error(result.message);
  return { ...result.data, password: overrides.password ?? PASSWORD };
}

/** A signed-in browser session for a user: its secret (the JWT's `sid`). */
export async function makeSession(userId: string, options: { remember?: boolean; meta?: ClientMeta } = {}) {
  const challenge = await startChallenge({ userId, remember: options.remember ?? false, meta: options.meta ?? META, verified: true });
  const sid = await redeemChallenge(challenge, options.meta ?? META);
  if (!sid) throw new Error("could not redeem");
  return sid;
}

/** A new app password for a user: its id and secret (shown once). */
export async function makeAppPassword(userId: string, options: { name?: string; scope?: "full" | "read_only" } = {}) {
  const result = await createAppPassword(userId, { name: options.name ?? "Test client", scope: options.scope });
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

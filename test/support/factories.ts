import { randomBytes } from "node:crypto";
import { createAppPassword } from "@/lib/auth/app-passwords";
import { redeemChallenge, startChallenge } from "@/lib/auth/challenge";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { createUser } from "@/lib/users";

/**
 * The client of most tests. Its address is unique to each test file (a random
 * IPv6 /64), so throttling counts from other files never reach it; a file that
 * fires several wrong passwords in a row from it is throttled like any client
 * (test/support/security.ts `client()` gives fresh addresses).
 */
export const META: ClientMeta = {
  ip: `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::7`,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
};
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

/** Enrols TOTP for a user (confirmed with the previous step's code, so the current one is still fresh). */
export async function enrolTotp(userId: string): Promise<string> {
  const { beginEnrolment, confirmEnrolment } = await import("@/lib/providers/totp/store");
  const { generate } = await import("otplib");
  const secret = await beginEnrolment(userId);
  if (!secret) throw new Error("already enrolled");
  const ok = await confirmEnrolment(userId, await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }));
  if (!ok) throw new Error("could not confirm");
  return secret;
}

/** The current TOTP code for a secret (or the code `offset` steps away). */
export async function totpCode(secret: string, offset = 0): Promise<string> {
  const { generate } = await import("otplib");
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });
}

/** A user with TOTP, signed in up to the password: their pending login. */
export async function pendingTotpLogin() {
  const { passwordStep } = await import("@/lib/auth/login");
  const { loginRequirement } = await import("@/lib/two-factor/provider-set");
  const { pendingLogin } = await import("@/lib/two-factor/challenge-flow");
  const user = await makeUser();
  const secret = await enrolTotp(user.id);
  const step = await passwordStep({ login: user.login, password: user.password }, META, loginRequirement);
  if (!step.ok) throw new Error(step.message);
  const login = await pendingLogin(step.data.challenge);
  if (!login) throw new Error("no pending login");
  return { user, secret, challenge: step.data.challenge, login };
}

/** A new app password for a user: its id and secret (shown once). */
export async function makeAppPassword(userId: string, options: { name?: string; scope?: "full" | "read_only"; apps?: string[] } = {}) {
  const result = await createAppPassword(userId, { name: options.name ?? "Test client", scope: options.scope, apps: options.apps });
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

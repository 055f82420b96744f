import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { resetPassword } from "@/lib/admin/accounts";
import { setUpFirstAdmin } from "@/lib/auth/first-admin";
import { changePassword } from "@/lib/auth/password-change";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users";
import { cliAsync } from "@/test/support/cli";
import { makeSession, PASSWORD } from "@/test/support/factories";
import { client } from "@/test/support/security";

/**
 * Every way a new password enters Gatehouse, for the password-policy tests:
 * each tries one password and says what came back, and what the database
 * looked like before and after, so a test can insist nothing was written.
 */

export type Account = { login: string; displayName?: string; email?: string };

export const freshLogin = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

const SETUP_MARKER = "setup_completed_at";

/**
 * The /setup page's function, as on a fresh instance: the shared test database is
 * set up already, and /setup then answers "already set up" before reading anything,
 * so the marker is lifted for the call and put back after (test files run one at a time).
 */
export async function viaSetup(account: Account, password: string) {
  const marker = await db.appConfig.findUnique({ where: { key: SETUP_MARKER } });
  await db.appConfig.deleteMany({ where: { key: SETUP_MARKER } });
  try {
    const result = await setUpFirstAdmin({ ...account, password }, client());
    const created = await db.user.findUnique({ where: { loginKey: account.login.toLowerCase() } });
    return { result, created };
  } finally {
    if (marker)
      await db.appConfig.upsert({ where: { key: SETUP_MARKER }, create: { key: SETUP_MARKER, value: marker.value }, update: { value: marker.value } });
  }
}

/**
 * `gatehouse user:add <login> --password-stdin [--display-name] [--email]`, in a
 * child process that does not block this one (it may ask a fake service here).
 */
export async function viaCli(account: Account, password: string) {
  const args = ["user:add", account.login, "--password-stdin"];
  if (account.displayName) args.push("--display-name", account.displayName);
  if (account.email) args.push("--email", account.email);
  const run = await cliAsync(args, `${password}\n`);
  const created = await db.user.findUnique({ where: { loginKey: account.login.toLowerCase() } });
  return { ...run, created };
}

/** A signed-in account with the fixtures' password, a session and its row, to change or reset. */
export async function existingAccount(account: Account) {
  const made = await createUser({ ...account, password: PASSWORD });
  if (!made.ok) throw new Error(made.message);
  const sid = await makeSession(made.data.id);
  return { id: made.data.id, login: made.data.login, password: PASSWORD, sid };
}

/** What a refused change must leave alone: the hash, the tokens, the security log. */
export async function footprint(userId: string) {
  const [user, tokens, events] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } }),
    db.authToken.count({ where: { userId } }),
    db.securityEvent.count({ where: { userId } }),
  ]);
  return { passwordHash: user.passwordHash, tokens, events };
}

/** The user's own change on /settings/security. */
export async function viaChange(account: { id: string; password: string }, next: string) {
  const before = await footprint(account.id);
  const result = await changePassword(account.id, { current: account.password, next, repeat: next, revokeAppPasswords: true }, client());
  return { result, before, after: await footprint(account.id) };
}

/** An admin's reset on /admin/security/users/<login>. */
export async function viaAdminReset(account: { id: string }, password: string) {
  const before = await footprint(account.id);
  const row = await db.user.findUniqueOrThrow({ where: { id: account.id } });
  const result = await resetPassword(row, password, "test-admin");
  return { result, before, after: await footprint(account.id) };
}

/**
 * Asserts that `password` is refused with `message` at every entry point — the
 * field error in the web forms, one line and a non-zero exit in the CLI — and
 * that nothing is written.
 */
export async function expectRefusedEverywhere(account: () => Account, password: string, message: string) {
  const setup = await viaSetup(account(), password);
  expect(setup.result).toEqual({ ok: false, error: "invalid_input", message, fields: { password: message } });
  expect(setup.created).toBeNull();

  const cliRun = await viaCli(account(), password);
  expect(cliRun.code).toBe(1);
  expect(cliRun.stderr).toBe(`Error: ${message}\n`);
  expect(cliRun.stdout).toBe("");
  expect(cliRun.created).toBeNull();

  const own = await existingAccount(account());
  const change = await viaChange(own, password);
  expect(change.result).toEqual({ ok: false, error: "invalid_input", message, fields: { next: message } });
  expect(change.after).toEqual(change.before);

  const target = await existingAccount(account());
  const reset = await viaAdminReset(target, password);
  expect(reset.result).toEqual({ ok: false, error: "invalid_input", message, fields: { password: message } });
  expect(reset.after).toEqual(reset.before);
}

/**
 * Asserts that `password` gets past every entry point's rules and is set (the
 * /setup page, already used, then answers "setup_done"). Returns the CLI run, for
 * what it printed.
 */
export async function expectAcceptedEverywhere(account: () => Account, password: string) {
  const setup = await viaSetup(account(), password);
  expect(setup.result).toMatchObject({ ok: true });
  expect(setup.created).toMatchObject({ isAdmin: true });

  const cliRun = await viaCli(account(), password);
  expect(cliRun.code).toBe(0);
  expect(cliRun.created).not.toBeNull();

  const own = await existingAccount(account());
  const change = await viaChange(own, password);
  expect(change.result).toMatchObject({ ok: true });
  expect(change.after.passwordHash).not.toBe(change.before.passwordHash);

  const target = await existingAccount(account());
  const reset = await viaAdminReset(target, password);
  expect(reset.result).toMatchObject({ ok: true });
  expect(reset.after.passwordHash).not.toBe(reset.before.passwordHash);
  return cliRun;
}

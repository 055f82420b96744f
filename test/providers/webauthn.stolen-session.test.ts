// Threat: a stolen or unattended browser session adds its own security key (a way back in), renames one, or removes the owner's — each needs the owner's password from the last 15 minutes (sudo).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { addKeyAction, keyOptionsAction, removeKeyAction, renameKeyAction } from "@/app/(app)/settings/security/two-factor/webauthn/actions";
import { SUDO_WINDOW } from "@/lib/auth/policy";
import type { Authenticated } from "@/lib/auth/session";
import { resolveToken } from "@/lib/auth/tokens";
import { hashSecret } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import { relyingParty } from "@/lib/providers/webauthn/relying-party";
import { form } from "@/test/support/admin-actions";
import { makeSession, META } from "@/test/support/factories";
import { userWithKey } from "@/test/support/passkey-browser";
import { attestation, softKey } from "@/test/support/webauthn-authenticator";

let caller: Authenticated | null = null;
vi.mock("@/lib/auth/session", async (original) => ({ ...(await original<object>()), currentSession: async () => caller }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-gatehouse-client-ip": META.ip ?? "", "user-agent": META.userAgent ?? "" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

/** The owner's browser as the next request sees it, its last confirmation `ago` ms back. */
async function browserConfirmed(userId: string, ago: number): Promise<Authenticated> {
  const sid = await makeSession(userId);
  await db.authToken.update({ where: { hash: hashSecret(sid) }, data: { reauthAt: new Date(Date.now() - ago) } });
  const token = (await resolveToken(sid, "session"))!;
  return { user: token.user, token };
}

const keysOf = (userId: string) => db.webAuthnCredential.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } });

/** The four key actions, as the settings page calls them, on the user's first key. */
async function callAll(userId: string) {
  const [first] = await keysOf(userId);
  const options = await keyOptionsAction(null, form({ name: "Attacker's key" }));
  const challenge = options?.ok && "options" in options ? (options.options as { challenge: string }).challenge : "never-issued";
  const rp = relyingParty();
  const response = attestation(softKey(), { challenge, rpId: rp.id, origin: rp.origin });
  return {
    keyOptionsAction: options,
    addKeyAction: await addKeyAction(null, form({ name: "Attacker's key", response })),
    renameKeyAction: await renameKeyAction(null, form({ id: first!.id, name: "Renamed" })),
    removeKeyAction: await removeKeyAction(null, form({ id: first!.id })),
  };
}

beforeEach(() => {
  caller = null;
});

describe("security keys under sudo", () => {
  it("a session whose last confirmation is older than 15 minutes can neither add, rename nor remove a key", async () => {
    const { user } = await userWithKey("key");
    const before = await keysOf(user.id);
    caller = await browserConfirmed(user.id, SUDO_WINDOW + 1000);
    const results = await callAll(user.id);
    for (const [action, result] of Object.entries(results)) expect(result, action).toMatchObject({ ok: false, error: "sudo_required" });
    expect(await keysOf(user.id)).toEqual(before);
    expect(await db.webAuthnChallenge.count({ where: { purpose: "register", userId: user.id } })).toBe(0);
  });

  it("a freshly confirmed session can (so the refusals above are sudo's)", async () => {
    const { user } = await userWithKey("key");
    caller = await browserConfirmed(user.id, 60_000);
    const results = await callAll(user.id);
    for (const [action, result] of Object.entries(results)) expect(result, action).toMatchObject({ ok: true });
    expect((await keysOf(user.id)).map((k) => k.name)).toEqual(["Attacker's key"]);
  });

  it("no session at all is refused too", async () => {
    const { user } = await userWithKey("key");
    const results = await callAll(user.id);
    for (const [action, result] of Object.entries(results)) expect(result, action).toMatchObject({ ok: false, error: "unauthenticated" });
  });
});

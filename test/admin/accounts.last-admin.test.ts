// Threat: an instance with no administrator left, or a disabled account that keeps its sessions.
import { describe, expect, it } from "vitest";
import { resetPassword, setAdmin, setDisabled } from "@/lib/admin/accounts";
import { resolveToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { makeSession, makeUser } from "@/test/support/factories";

async function onlyAdmin() {
  await db.user.updateMany({ where: { isAdmin: true }, data: { isAdmin: false } });
  const admin = await makeUser({ isAdmin: true });
  return db.user.findUniqueOrThrow({ where: { id: admin.id } });
}

describe("account rescue", () => {
  it("refuses to disable or demote the last active administrator, changing nothing", async () => {
    const admin = await onlyAdmin();
    expect(await setDisabled(admin, true, "test-admin")).toMatchObject({ ok: false, error: "forbidden" });
    expect(await setAdmin(admin, false, "test-admin")).toMatchObject({ ok: false, error: "forbidden" });
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ isAdmin: true, disabled: false });
    const second = await makeUser({ isAdmin: true });
    expect(await setAdmin(admin, false, "test-admin")).toEqual({ ok: true });
    expect(await setDisabled({ ...second, disabled: false }, true, "test-admin")).toMatchObject({ ok: false });
  });

  it("ends every session at once when an account is disabled", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await setDisabled(row, true, "test-admin")).toEqual({ ok: true, data: { revoked: 1 } });
    expect(await resolveToken(sid, "session")).toBeNull();
    expect(await db.authToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("ends every session on a password reset and refuses a weak password", async () => {
    const user = await makeUser();
    const sid = await makeSession(user.id);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await resetPassword(row, "short", "test-admin")).toMatchObject({ ok: false });
    expect(await resolveToken(sid, "session")).not.toBeNull();
    expect(await resetPassword(row, "a brand new long password", "test-admin")).toEqual({ ok: true, data: { revoked: 1 } });
    expect(await resolveToken(sid, "session")).toBeNull();
  });
});

// Threat: a stolen database reveals TOTP seeds — they are AES-256-GCM encrypted, bound to their row, and deleted on disable.
import { describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto/encryption";
import { db } from "@/lib/db";
import { removeTotp } from "@/lib/providers/totp/store";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { enrolTotp, makeUser } from "@/test/support/factories";

describe("TOTP secret at rest", () => {
  it("stores only a versioned ciphertext that decrypts for its own user only", async () => {
    const alice = await makeUser();
    const bob = await makeUser();
    const secret = await enrolTotp(alice.id);
    const row = await db.totpSecret.findUniqueOrThrow({ where: { userId: alice.id } });
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(secret);
    expect(decryptSecret(row.secret, `totp:${alice.id}`)).toBe(secret);
    expect(() => decryptSecret(row.secret, `totp:${bob.id}`)).toThrow();
    const tampered = row.secret.slice(0, -2) + (row.secret.endsWith("A") ? "BB" : "AA");
    expect(() => decryptSecret(tampered, `totp:${alice.id}`)).toThrow();
  });

  it("deletes the secret when TOTP is turned off", async () => {
    const user = await makeUser();
    await enrolTotp(user.id);
    expect(await isProviderEnabled(user.id, "totp")).toBe(true);
    await removeTotp(user.id);
    expect(await db.totpSecret.findUnique({ where: { userId: user.id } })).toBeNull();
    expect(await isProviderEnabled(user.id, "totp")).toBe(false);
  });
});

// Threat: a TOTP code seen on a screen (or intercepted) is replayed — each time step is accepted once per user.
import { describe, expect, it } from "vitest";
import { acceptCode } from "@/lib/providers/totp/store";
import { enrolTotp, makeUser, totpCode } from "@/test/support/factories";

describe("TOTP replay", () => {
  it("accepts a code once and refuses the same code again", async () => {
    const user = await makeUser();
    const secret = await enrolTotp(user.id);
    const code = await totpCode(secret);
    expect(await acceptCode(user.id, code, { confirmed: true })).toBe(true);
    expect(await acceptCode(user.id, code, { confirmed: true })).toBe(false);
  });

  it("lets exactly one of several concurrent submissions of one code through", async () => {
    const user = await makeUser();
    const secret = await enrolTotp(user.id);
    const code = await totpCode(secret);
    const results = await Promise.all(Array.from({ length: 6 }, () => acceptCode(user.id, code, { confirmed: true })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("refuses an older step once a newer one was used", async () => {
    const user = await makeUser();
    const secret = await enrolTotp(user.id);
    expect(await acceptCode(user.id, await totpCode(secret, 1), { confirmed: true })).toBe(true);
    expect(await acceptCode(user.id, await totpCode(secret, 0), { confirmed: true })).toBe(false);
  });

  it("does not accept the enrolment code for signing in", async () => {
    const user = await makeUser();
    const secret = await enrolTotp(user.id);
    expect(await acceptCode(user.id, await totpCode(secret, -1), { confirmed: true })).toBe(false);
  });
});

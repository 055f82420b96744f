// Threat: account enumeration — a wrong password and an unknown login must look the same.
import { describe, expect, it } from "vitest";
import { passwordStep } from "@/lib/auth/login";
import { META, makeUser } from "@/test/support/factories";

const noSecondFactor = async () => "none" as const;

describe("password step", () => {
  it("answers an unknown login exactly like a wrong password", async () => {
    const user = await makeUser();
    const wrong = await passwordStep({ login: user.login, password: "not the password" }, META, noSecondFactor);
    const unknown = await passwordStep({ login: "nobody-here", password: "not the password" }, META, noSecondFactor);
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, error: "invalid_credentials" });
  });

  it("finds the account whatever the case or Unicode width of the login", async () => {
    const user = await makeUser();
    const fullwidth = user.login.toUpperCase().replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const result = await passwordStep({ login: fullwidth, password: user.password }, META, noSecondFactor);
    expect(result.ok).toBe(true);
  });

  it("gives a verified challenge when no second factor is needed, an unverified one otherwise", async () => {
    const user = await makeUser();
    const plain = await passwordStep({ login: user.login, password: user.password }, META, noSecondFactor);
    const twoFactor = await passwordStep({ login: user.login, password: user.password }, META, async () => "challenge" as const);
    expect(plain).toMatchObject({ ok: true, data: { then: "none" } });
    expect(twoFactor).toMatchObject({ ok: true, data: { then: "challenge" } });
  });

  it.each([
    ["empty login", { login: "", password: "x" }],
    ["empty password", { login: "someone", password: "" }],
    ["1 MB password", { login: "someone", password: "a".repeat(1_000_000) }],
    ["1 MB login", { login: "a".repeat(1_000_000), password: "x" }],
    ["control characters", { login: "ad\u0000min", password: "x\u0007" }],
  ])("refuses %s with a clear message", async (_name, input) => {
    const result = await passwordStep(input, META, noSecondFactor);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(200);
  });
});

// Threat: a session made with a phishable factor (a code, an SMS, a recovery code) is taken for a phishing-resistant one, or a forged method list is believed.
import { describe, expect, it } from "vitest";
import { addMethod, byAssurance, formatMethods, meetsAssurance, methodOf, parseAssurance, parseMethods } from "@/lib/two-factor/assurance";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

const provider = (p: Partial<SecondFactorProvider> & Pick<SecondFactorProvider, "id" | "kind">) => p as SecondFactorProvider;

describe("assurance rules", () => {
  it("phishing_resistant is met by a security key or passkey only", () => {
    expect(meetsAssurance(["pwd", "hwk"], "phishing_resistant")).toBe(true);
    expect(meetsAssurance(["passkey"], "phishing_resistant")).toBe(true);
    for (const methods of [["pwd"], ["pwd", "otp"], ["pwd", "sms"], ["pwd", "email"], ["pwd", "msg"], ["pwd", "recovery"], []] as const) {
      expect(meetsAssurance(methods, "phishing_resistant"), methods.join(" ")).toBe(false);
    }
    // No requirement: any session, even one that recorded nothing (made before methods were recorded).
    expect(meetsAssurance([], null)).toBe(true);
  });

  it("reads stored methods strictly: unknown codes and look-alikes count for nothing", () => {
    expect(parseMethods("pwd hwk")).toEqual(["pwd", "hwk"]);
    expect(parseMethods("pwd HWK")).toEqual(["pwd"]);
    expect(parseMethods("pwd,hwk")).toEqual([]);
    expect(parseMethods("pwd  otp otp")).toEqual(["pwd", "otp"]);
    expect(parseMethods(null)).toEqual([]);
    expect(meetsAssurance(parseMethods("pwd hwk2 passkeys"), "phishing_resistant")).toBe(false);
  });

  it("a sign-in accumulates its methods: the password, then the factor's", () => {
    expect(addMethod("pwd", "otp")).toBe("pwd otp");
    expect(addMethod("pwd otp", "otp")).toBe("pwd otp");
    expect(addMethod(null, "passkey")).toBe("passkey");
    expect(formatMethods(["pwd", "hwk", "pwd"])).toBe("pwd hwk");
  });

  it("a provider's method is what it declares; undeclared factors are codes and recovery providers recovery (never phishing resistant)", () => {
    expect(methodOf(provider({ id: "key", kind: "factor", method: "hwk" }))).toBe("hwk");
    expect(methodOf(provider({ id: "x", kind: "factor" }))).toBe("otp");
    expect(methodOf(provider({ id: "y", kind: "recovery" }))).toBe("recovery");
  });

  it("only the known requirement parses; anything else is no requirement here (the app view fails closed on its own)", () => {
    expect(parseAssurance("phishing_resistant")).toBe("phishing_resistant");
    expect(parseAssurance("PHISHING_RESISTANT")).toBeNull();
    expect(parseAssurance(1)).toBeNull();
  });

  it("orders a user's phishing-resistant factors first and keeps the rest in order", () => {
    const list = [
      provider({ id: "totp", kind: "factor", method: "otp" }),
      provider({ id: "sms", kind: "factor", method: "sms" }),
      provider({ id: "key", kind: "factor", method: "hwk" }),
    ];
    expect([...list].sort(byAssurance).map((p) => p.id)).toEqual(["key", "totp", "sms"]);
  });
});

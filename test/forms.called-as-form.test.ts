// Threat: a hand-made call puts a number where a login goes, "yes" where a boolean goes, or no form at all — and the action acts on it (or throws: 500).
import { describe, expect, it } from "vitest";
import { boundFlag, boundText, calledAsForm } from "@/lib/forms";

describe("an action's arguments, checked before any work", () => {
  const form = new FormData();

  it("takes what the page's form sends: its bound values, then a FormData", () => {
    expect(calledAsForm(form)).toBe(true);
    expect(calledAsForm(form, [boundText, "alice"], [boundFlag, false])).toBe(true);
  });

  it("refuses anything else in the form's place", () => {
    for (const notAForm of [undefined, null, "$K1", 0, [], {}, { get: () => "x", getAll: () => [] }]) expect(calledAsForm(notAForm)).toBe(false);
  });

  it("refuses bound values of another type, or absurdly long", () => {
    for (const login of [undefined, null, 42, ["alice"], { login: "alice" }, "x".repeat(2049)]) expect(calledAsForm(form, [boundText, login])).toBe(false);
    // toggleProviderAction("totp", "false") used to switch the provider on: !"false" is false.
    for (const on of ["false", "true", 0, 1, null, undefined]) expect(calledAsForm(form, [boundText, "totp"], [boundFlag, on])).toBe(false);
  });
});

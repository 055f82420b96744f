// Threat: users slipping through 2FA enforcement (or being wrongly forced) — the policy covers exactly whom it says.
import { describe, expect, it } from "vitest";
import { appliesTo, type EnforcementPolicy } from "@/lib/two-factor/enforcement";

type Spec = { enforced?: boolean; groups?: readonly string[]; excluded?: readonly string[] };
const policy = (p: Spec): EnforcementPolicy => ({ enforced: p.enforced ?? true, groups: [...(p.groups ?? [])], excluded: [...(p.excluded ?? [])] });

describe("enforcement policy", () => {
  it.each([
    ["off", { enforced: false }, [], false],
    ["off, even for listed groups", { enforced: false, groups: ["staff"] }, ["staff"], false],
    ["everyone", {}, [], true],
    ["everyone, user in some group", {}, ["staff"], true],
    ["everyone except excluded: excluded member", { excluded: ["bots"] }, ["bots"], false],
    ["everyone except excluded: other member", { excluded: ["bots"] }, ["staff"], true],
    ["listed groups: member", { groups: ["staff"] }, ["staff"], true],
    ["listed groups: non-member", { groups: ["staff"] }, ["guests"], false],
    ["listed groups: no groups", { groups: ["staff"] }, [], false],
    ["both: member of listed and excluded — listed wins", { groups: ["staff"], excluded: ["staff-bots"] }, ["staff", "staff-bots"], true],
    ["both: excluded only", { groups: ["staff"], excluded: ["bots"] }, ["bots"], false],
  ] as const)("%s", (_name, p, groups, expected) => {
    expect(appliesTo(policy(p), [...groups])).toBe(expected);
  });
});

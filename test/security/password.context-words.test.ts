// Threat: a targeted guess — an attacker who knows the login, the person's name or the server tries passwords made of them first.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ABOUT_THE_ACCOUNT, aboutTheServer, accountWords, checkNewPassword, instanceWords, serverWords, TOO_COMMON } from "@/lib/auth/password-policy";
import { env } from "@/lib/env";
import { expectRefusedEverywhere } from "@/test/support/new-password";

const OWNER = { login: "mallory.quinn", displayName: "Mallory Quinn", email: "m.q.writer@example.org" };
const GATEHOUSE = { name: "Gatehouse", host: null };
const ACME = { name: "Acme Cloud", host: "auth.acme-corp.example" };

describe("the context-specific words (ASVS 6.2.11)", () => {
  it("are the login, the display name and the e-mail's local part, in runs of 3+ letters, folded", () => {
    expect(accountWords(OWNER).sort()).toEqual(["mallory", "quinn", "writer"]);
    expect(accountWords({ login: "josé_92", displayName: "José Ñúñez", email: null }).sort()).toEqual(["jose", "nunez"]);
  });

  it('and this server\'s: "gatehouse", the instance name, the public host name without its top-level domain', () => {
    expect(serverWords(GATEHOUSE)).toEqual(["gatehouse"]);
    expect(serverWords(ACME).sort()).toEqual(["acme", "auth", "cloud", "corp", "gatehouse"]);
    expect(instanceWords()).toEqual({ name: env().instanceName, host: null });
  });
});

describe("a new password built from them is refused", () => {
  it.each([
    ["mallory.quinn", ABOUT_THE_ACCOUNT], // the login
    ["MalloryQuinn1990!", ABOUT_THE_ACCOUNT], // the name, any case, digits and symbols do not count
    ["quinn-mallory-quinn", ABOUT_THE_ACCOUNT], // only the account's words
    ["writer 4 ever 2024", ABOUT_THE_ACCOUNT], // the e-mail's local part covers half the letters
    ["Mallory, I love you!", ABOUT_THE_ACCOUNT], // less than half, but the rest ("iloveyou") is a common password
    ["Gatehouse2024!", aboutTheServer(GATEHOUSE)],
    ["my gatehouse password", aboutTheServer(GATEHOUSE)], // what is left, "mypassword", is common
  ])("%j", async (password, message) => {
    expect(await checkNewPassword(password, OWNER, GATEHOUSE)).toBe(message);
  });

  it("with this server's name and host name too", async () => {
    const message = aboutTheServer(ACME);
    expect(message).toBe(`Don't build the password around "Gatehouse", "Acme Cloud" or this server's address — attackers try those first.`);
    for (const password of ["AcmeCloud!2025", "acme-corp-1999", "auth.acme.corp"]) {
      expect(await checkNewPassword(password, OWNER, ACME), password).toBe(message);
    }
  });

  it("but a passphrase that merely mentions them is fine (they cover less than half of its letters)", async () => {
    for (const password of ["mallory hikes the alps", "quinn, violet anchors drift", "gatehouse on a windy hill"]) {
      expect(await checkNewPassword(password, OWNER, ACME), password).toBeNull();
    }
  });

  it("a common password is reported as common first", async () => {
    expect(await checkNewPassword("password2024", OWNER, GATEHOUSE)).toBe(TOO_COMMON);
  });
});

describe("every entry point refuses them and writes nothing", () => {
  const person = () => {
    const tag = randomBytes(3).toString("hex");
    return { login: `wilhelmina-${tag}`, displayName: "Wilhelmina Okonkwo", email: `w.okonkwo.${tag}@example.org` };
  };

  it("the login (first-admin set-up, CLI user:add, password change, admin reset)", async () => {
    await expectRefusedEverywhere(person, "Wilhelmina#2024", ABOUT_THE_ACCOUNT);
  });

  it("the display name and e-mail", async () => {
    await expectRefusedEverywhere(person, "okonkwo-okonkwo-77", ABOUT_THE_ACCOUNT);
  });

  it("the product's name", async () => {
    await expectRefusedEverywhere(person, "gatehouse!!2024", aboutTheServer(instanceWords()));
  });
});

// Threat: keys sign for a host other than the configured one — the RP ID and origin taken from anything but PUBLIC_URL (a default, a Host header), so a key registered here answers a look-alike, or answers made for another host are accepted here.
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeUser, META } from "@/test/support/factories";
import { attestation, softKey } from "@/test/support/webauthn-authenticator";

const PUBLIC_URL = "https://auth.example.org:8443";

/** The WebAuthn modules as a server started with PUBLIC_URL=`url` loads them (lib/env.ts reads the environment once). */
async function serverWith(url: string) {
  vi.stubEnv("PUBLIC_URL", url);
  vi.resetModules();
  const [{ relyingParty }, ceremony] = await Promise.all([import("@/lib/providers/webauthn/relying-party"), import("@/lib/providers/webauthn/ceremony")]);
  return { relyingParty, ...ceremony };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("the relying party", () => {
  it("is PUBLIC_URL's host (RP ID) and origin", async () => {
    const { relyingParty, registrationOptions } = await serverWith(PUBLIC_URL);
    expect(relyingParty()).toMatchObject({ id: "auth.example.org", origin: "https://auth.example.org:8443" });
    const user = await makeUser();
    const options = await registrationOptions({ id: user.id, login: user.login }, false);
    expect(options.rp.id).toBe("auth.example.org");
  });

  it("accepts a key made for PUBLIC_URL's host and origin only: not localhost's, not another port's", async () => {
    const { registrationOptions, registerKey } = await serverWith(PUBLIC_URL);
    const user = await makeUser();
    const add = async (rpId: string, origin: string) => {
      const { challenge } = await registrationOptions({ id: user.id, login: user.login }, false);
      return registerKey(user.id, attestation(softKey(), { challenge, rpId, origin }), "Key", false, META);
    };
    expect(await add("localhost", "http://localhost:3000")).toMatchObject({ ok: false });
    expect(await add("auth.example.org", "https://auth.example.org")).toMatchObject({ ok: false });
    expect(await add("example.org", PUBLIC_URL)).toMatchObject({ ok: false });
    expect(await add("auth.example.org", PUBLIC_URL)).toEqual({ ok: true });
  });
});

// Threat: a crafted or garbled "Connect a device" QR code makes the app open a page on another site, poll another server than the one it signs in to, or put its poll token in the login URL the browser sends.
import { describe, expect, it } from "vitest";
import { connectUri } from "@/lib/client-flows/connect-uri";
import { referenceClient } from "./support";

const TOKEN = "mQ2xY7-_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const PAGE = "Zt9bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

describe("the Connect a device URI", () => {
  it("round-trips every server a Gatehouse can have: port, path prefix, characters that separate URIs", async () => {
    const { parseConnectUri } = await referenceClient();
    for (const server of [
      "https://auth.example.org",
      "http://localhost:3000",
      "https://example.org/auth",
      "https://example.org/a%26b/gate%3Ahouse",
      "http://[2001:db8::1]:8080",
    ]) {
      const login = `${server}/connect/${PAGE}`;
      const uri = connectUri({ server, token: TOKEN, login });
      expect(uri).toMatch(/^gatehouse:\/\/login-flow\?server=[^&]+&token=[A-Za-z0-9_-]{43}&login=[^&]+$/);
      expect(parseConnectUri(uri)).toEqual({ server, token: TOKEN, login });
    }
  });

  it("accepts the keys in any order and ignores keys it does not know (later versions may add some)", async () => {
    const { parseConnectUri } = await referenceClient();
    const login = `https://auth.example.org/connect/${PAGE}`;
    const query = new URLSearchParams({ v: "2", login, token: TOKEN, server: "https://auth.example.org" });
    expect(parseConnectUri(`gatehouse://login-flow?${query}`)).toEqual({ server: "https://auth.example.org", token: TOKEN, login });
  });

  it("refuses anything else: another scheme or shape, missing or repeated keys, a bad token, a login URL elsewhere or carrying the token", async () => {
    const { parseConnectUri } = await referenceClient();
    const server = "https://auth.example.org";
    const uri = (fields: Record<string, string>) => `gatehouse://login-flow?${new URLSearchParams(fields)}`;
    const good = { server, token: TOKEN, login: `${server}/connect/${PAGE}` };
    const hostile: unknown[] = [
      undefined,
      42,
      "",
      `gatehouse://login-flow/token:${TOKEN}&server:${server}`,
      uri(good).replace("gatehouse://", "https://"),
      uri(good).replace("login-flow", "login"),
      uri(good).replace("?", "/?"),
      uri(good) + "&" + "x=".repeat(1000),
      uri({ server, token: TOKEN }),
      uri({ token: TOKEN, login: good.login }),
      uri({ server, login: good.login }),
      `${uri(good)}&token=${TOKEN}`,
      `${uri(good)}&login=${encodeURIComponent(good.login)}`,
      uri({ ...good, token: TOKEN.slice(1) }),
      uri({ ...good, token: `${TOKEN.slice(1)}=` }),
      uri({ ...good, token: `${TOKEN.slice(1)}&` }),
      uri({ ...good, server: "auth.example.org" }),
      uri({ ...good, server: "ftp://auth.example.org" }),
      uri({ ...good, server: "https://user:pass@auth.example.org", login: `https://user:pass@auth.example.org/connect/${PAGE}` }),
      uri({ ...good, server: `${server}/?next=x`, login: `${server}/connect/${PAGE}` }),
      uri({ ...good, server: `${server}/#x` }),
      uri({ ...good, login: `https://evil.example/connect/${PAGE}` }),
      uri({ ...good, login: `https://auth.example.org.evil.example/connect/${PAGE}` }),
      uri({ ...good, login: `http://auth.example.org/connect/${PAGE}` }),
      uri({ ...good, login: `https://auth.example.org:8443/connect/${PAGE}` }),
      uri({ ...good, login: `javascript:alert(document.cookie)//${server}/` }),
      uri({ ...good, login: "data:text/html,<script>alert(1)</script>" }),
      uri({ ...good, login: `${server}/connect/${PAGE}?token=${TOKEN}` }),
      uri({ ...good, login: `${server}/connect/${TOKEN}` }),
      uri({ ...good, server: `${server}/auth`, login: `${server}/authx/connect/${PAGE}` }),
      uri({ ...good, login: "not a url" }),
    ];
    for (const text of hostile) expect(parseConnectUri(text), String(text)).toBeNull();
    expect(parseConnectUri(uri(good))).toEqual(good);
  });
});

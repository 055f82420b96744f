import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { Element } from "@xmpp/client";
import { Parser } from "@xmpp/xml";

/**
 * A small XMPP server (RFC 6120) for one domain, enough for @xmpp/client: stream
 * negotiation, SASL SCRAM-SHA-1 (what the client picks on an unencrypted local
 * stream) and PLAIN, resource binding, XEP-0199 ping, and chat messages —
 * delivered to known accounts, bounced with <service-unavailable/> otherwise
 * (as servers do for unknown local users). "hang" mode accepts TCP and says nothing.
 */

export type XmppFake = {
  service: string;
  domain: string;
  accounts: Map<string, string>;
  received: { from: string; to: string; body: string }[];
  /** "error500": messages answered with <internal-server-error/>. */
  mode: "ok" | "hang" | "error500";
  close(): Promise<void>;
};

const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
const NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind";
const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;").replace(/"/g, "&quot;");
const hmac = (key: Buffer, data: string) => createHmac("sha1", key).update(data).digest();

function scram(password: string, clientFirstBare: string, serverFirst: string, clientFinal: string) {
  const attrs = Object.fromEntries(serverFirst.split(",").map((p) => [p[0], p.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, "base64"), Number(attrs.i), 20, "sha1");
  const clientKey = hmac(salted, "Client Key");
  const storedKey = createHash("sha1").update(clientKey).digest();
  const withoutProof = clientFinal.replace(/,p=[^,]*$/, "");
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const expectedProof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
  const proof = Buffer.from(/,p=([^,]*)$/.exec(clientFinal)?.[1] ?? "", "base64");
  const ok = proof.length === expectedProof.length && timingSafeEqual(proof, expectedProof);
  const serverSignature = hmac(hmac(salted, "Server Key"), authMessage).toString("base64");
  return { ok, serverSignature };
}

export async function startXmppFake(domain = "example.test"): Promise<XmppFake> {
  const fake = { domain, accounts: new Map<string, string>(), received: [], mode: "ok" } as unknown as XmppFake;
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (fake.mode === "hang") return;
    let user: string | null = null;
    let jid = "";
    let scramState: { clientFirstBare: string; serverFirst: string; user: string } | null = null;
    let parser: Parser;
    const send = (s: string) => socket.writable && socket.write(s);
    const failure = (condition: string) => send(`<failure xmlns='${NS_SASL}'><${condition}/></failure>`);

    const open = () => {
      parser = new Parser();
      parser.on("start", () => {
        send(
          `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='${randomBytes(8).toString("hex")}' from='${domain}' version='1.0' xml:lang='en'>`,
        );
        send(
          user
            ? `<stream:features><bind xmlns='${NS_BIND}'/></stream:features>`
            : `<stream:features><mechanisms xmlns='${NS_SASL}'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>`,
        );
      });
      parser.on("element", (el: Element) => handle(el));
      parser.on("end", () => {
        send("</stream:stream>");
        socket.end();
      });
      parser.on("error", () => socket.destroy());
    };

    const authenticated = (name: string, extra = "") => {
      user = name;
      send(`<success xmlns='${NS_SASL}'>${extra}</success>`);
      open(); // the client restarts the stream
    };

    const handle = (el: Element) => {
      if (el.name === "auth" && el.attrs.xmlns === NS_SASL) {
        const data = Buffer.from(el.text(), "base64").toString("utf8");
        if (el.attrs.mechanism === "PLAIN") {
          const [, name = "", password = ""] = data.split("\u0000");
          return fake.accounts.get(name) === password ? authenticated(name) : failure("not-authorized");
        }
        if (el.attrs.mechanism === "SCRAM-SHA-1") {
          const clientFirstBare = data.replace(/^[^,]*,[^,]*,/, "");
          const attrs = Object.fromEntries(clientFirstBare.split(",").map((p) => [p[0], p.slice(2)]));
          const serverFirst = `r=${attrs.r}${randomBytes(12).toString("base64")},s=${randomBytes(16).toString("base64")},i=4096`;
          scramState = { clientFirstBare, serverFirst, user: attrs.n ?? "" };
          return send(`<challenge xmlns='${NS_SASL}'>${Buffer.from(serverFirst).toString("base64")}</challenge>`);
        }
        return failure("invalid-mechanism");
      }
      if (el.name === "response" && el.attrs.xmlns === NS_SASL && scramState) {
        const password = fake.accounts.get(scramState.user);
        const clientFinal = Buffer.from(el.text(), "base64").toString("utf8");
        const result =
          password === undefined ? { ok: false, serverSignature: "" } : scram(password, scramState.clientFirstBare, scramState.serverFirst, clientFinal);
        const name = scramState.user;
        scramState = null;
        return result.ok ? authenticated(name, Buffer.from(`v=${result.serverSignature}`).toString("base64")) : failure("not-authorized");
      }
      if (!user) return socket.destroy();
      if (el.name === "iq") {
        const id = esc(el.attrs.id ?? "");
        const bind = el.getChild("bind", NS_BIND);
        if (bind && el.attrs.type === "set") {
          jid = `${user}@${domain}/${bind.getChildText("resource") ?? randomBytes(4).toString("hex")}`;
          return send(`<iq type='result' id='${id}'><bind xmlns='${NS_BIND}'><jid>${esc(jid)}</jid></bind></iq>`);
        }
        if (el.getChild("ping", "urn:xmpp:ping")) return send(`<iq type='result' id='${id}' from='${domain}' to='${esc(jid)}'/>`);
        return send(`<iq type='error' id='${id}' from='${domain}'><error type='cancel'><feature-not-implemented xmlns='${NS_STANZAS}'/></error></iq>`);
      }
      if (el.name === "message" && fake.mode === "error500") {
        return send(
          `<message type='error' id='${esc(el.attrs.id ?? "")}' from='${domain}' to='${esc(jid)}'><error type='wait'><internal-server-error xmlns='${NS_STANZAS}'/></error></message>`,
        );
      }
      if (el.name === "message") {
        const to = (el.attrs.to ?? "").split("/")[0]!;
        const [local, toDomain] = to.split("@");
        if (toDomain === domain && local && fake.accounts.has(local)) {
          fake.received.push({ from: jid, to, body: el.getChildText("body") ?? "" });
          return;
        }
        return send(
          `<message type='error' id='${esc(el.attrs.id ?? "")}' from='${esc(to)}' to='${esc(jid)}'><error type='cancel'><service-unavailable xmlns='${NS_STANZAS}'/></error></message>`,
        );
      }
    };

    open();
    socket.on("data", (chunk: Buffer) => parser.write(chunk.toString("utf8")));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.service = `xmpp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return fake;
}

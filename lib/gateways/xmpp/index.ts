import "server-only";
import { client, xml, type Client, type Element } from "@xmpp/client";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { GatewayError, type GatewayFailureKind } from "@/lib/gateways/errors";
import { configText, TIMEOUT_FIELD, timeoutSeconds } from "@/lib/gateways/fields";
import { jabberId, maskAddress } from "@/lib/gateways/recipients";
import type { GatewayChannel, SendOptions } from "@/lib/gateways/types";

/**
 * XMPP (Jabber) through an ordinary account, with @xmpp/client: sign in, send
 * a chat message, make one round trip (ping) so that an immediate bounce for an
 * unknown local recipient is seen, sign out. STARTTLS is used when offered; an
 * unencrypted stream is refused unless the server is on this machine.
 */

const service = configText("XMPP service", 2048).refine((s) => {
  try {
    const url = new URL(s);
    return (url.protocol === "xmpp:" || url.protocol === "xmpps:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "XMPP service must be an xmpp:// (STARTTLS) or xmpps:// (direct TLS) URL such as xmpp://chat.example.org:5222.");

const config = z
  .object({
    jid: jabberId,
    password: configText("Password", 1024),
    service: service.optional(),
    timeout: timeoutSeconds,
  })
  .transform((c) => ({ ...c, service: c.service ?? `xmpp://${c.jid.split("@")[1]}:5222` }));
export type XmppConfig = z.infer<typeof config>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function failure(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const e = error as { name?: string; condition?: string; code?: string; message?: string; text?: string };
  const words = [e.condition, e.text || e.message].filter(Boolean).join(": ");
  if (e.name === "SASLError") return new GatewayError("credentials", `SASL ${words}`);
  if (e.name === "TimeoutError") return new GatewayError("unreachable", "no answer before the timeout");
  if (e.code && /^E[A-Z]+/.test(e.code)) return new GatewayError("unreachable", e.message ?? e.code);
  if (e.name === "StreamError") return new GatewayError("service_error", `stream error ${words}`);
  return new GatewayError("service_error", words || String(error));
}

/** Runs `work` on a signed-in session, all within the timeout; always signs out. */
async function session<T>(c: XmppConfig, options: SendOptions, work: (xmpp: Client) => Promise<T>): Promise<T> {
  const [local, domain] = c.jid.split("@") as [string, string];
  const xmpp = client({
    service: c.service,
    domain,
    username: local,
    password: c.password,
    resource: `gatehouse-${randomBytes(4).toString("hex")}`,
    timeout: options.timeoutMs,
  });
  xmpp.reconnect.stop();
  // Errors also reject start()/send(); the listener only keeps them from being unhandled.
  xmpp.on("error", () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayError("unreachable", "no answer before the timeout")), options.timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        await xmpp.start();
        if (!xmpp.isSecure() && !LOOPBACK.has(new URL(c.service).hostname)) {
          throw new GatewayError("insecure", "the server offered no TLS; refusing to send codes in clear text");
        }
        return work(xmpp);
      })(),
      deadline,
    ]);
  } catch (error) {
    throw failure(error);
  } finally {
    clearTimeout(timer);
    await Promise.race([xmpp.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  }
}

function bounceReason(stanza: Element): string {
  const error = stanza.getChild("error");
  const condition = error?.getChildElements().find((child) => child.name !== "text")?.name ?? "error";
  const text = error?.getChildText("text", "urn:ietf:params:xml:ns:xmpp-stanzas");
  return `message bounced: ${condition}${text ? ` (${text})` : ""}`;
}

/** RFC 6120 §8.3.3 stanza error conditions by whose problem they are. */
function bounceKind(reason: string): GatewayFailureKind {
  if (/service-unavailable|item-not-found|remote-server-not-found|not-acceptable|jid-malformed/.test(reason)) return "unknown_recipient";
  if (/recipient-unavailable|forbidden|not-allowed|policy-violation/.test(reason)) return "recipient_unreachable";
  if (/internal-server-error|remote-server-timeout|resource-constraint/.test(reason)) return "service_error";
  return "rejected";
}

async function send(c: XmppConfig, recipient: string, text: string, options: SendOptions): Promise<void> {
  await session(c, options, async (xmpp) => {
    const id = `gh-${randomBytes(6).toString("hex")}`;
    const bounced = new Promise<Element>((resolve) => {
      xmpp.on("stanza", (stanza) => {
        if (stanza.is("message") && stanza.attrs.type === "error" && stanza.attrs.id === id) resolve(stanza);
      });
    });
    await xmpp.send(xml("message", { type: "chat", to: recipient, id }, xml("body", {}, text)));
    // One round trip: a server answers in order, so a bounce for an unknown local
    // account arrives before the ping's result.
    const ping = xmpp.iqCaller.request(xml("iq", { type: "get", to: c.jid.split("@")[1] }, xml("ping", { xmlns: "urn:xmpp:ping" })), options.timeoutMs).then(
      () => null,
      () => null,
    );
    const bounce = await Promise.race([bounced, ping]);
    if (bounce) {
      const reason = bounceReason(bounce);
      throw new GatewayError(bounceKind(reason), reason);
    }
  });
}

async function check(c: XmppConfig, options: SendOptions) {
  return session(c, options, async (xmpp) => ({ detail: `signed in as ${c.jid}${xmpp.isSecure() ? " over TLS" : " (unencrypted, local server)"}` }));
}

export const xmppChannel: GatewayChannel<XmppConfig> = {
  id: "xmpp",
  displayName: "XMPP",
  fields: [
    { key: "jid", label: "Sender JID", hint: "The account Gatehouse signs in with, e.g. gatehouse@example.org" },
    { key: "password", label: "Password", secret: true },
    { key: "service", label: "XMPP service", optional: true, hint: "xmpp://host:5222 (STARTTLS) or xmpps://host:5223; empty: the JID's domain on port 5222" },
    TIMEOUT_FIELD,
  ],
  configSchema: config,
  recipient: {
    label: "Jabber ID",
    placeholder: "name@example.org",
    hint: "Your XMPP address (JID). Add the sender to your contacts if your server blocks messages from strangers.",
    inputMode: "email",
    schema: jabberId,
    mask: maskAddress,
  },
  send,
  check,
  adminHints: {
    credentials: "XMPP: the server refused the sender JID's password (SASL); run `gatehouse gateway:configure xmpp` with the current one.",
    recipient_unreachable: "XMPP: the user's server blocks messages from strangers; the user adds the sender JID to their contacts.",
  },
};

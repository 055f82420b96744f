import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A mail sink speaking real SMTP (smtp-server): AUTH PLAIN/LOGIN with one
 * account, 550 for unknown mailboxes, and "hang" mode that accepts the TCP
 * connection and never greets.
 */

export type SmtpFake = {
  url: (user?: string, password?: string) => string;
  port: number;
  mails: { from: string; to: string[]; raw: string; subject: string; text: string }[];
  /** Mailboxes that do not exist (RCPT TO answered 550). */
  unknown: Set<string>;
  /** Mailboxes that are full (RCPT TO answered 552, RFC 5321 §4.2.3 "exceeded storage allocation"). */
  full: Set<string>;
  mode: "ok" | "hang" | "error451";
  close(): Promise<void>;
};

export const SMTP_USER = "gatehouse";
export const SMTP_PASSWORD = "smtp-pass-9f8e7d";

function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export async function startSmtpFake(): Promise<SmtpFake> {
  const fake = { mails: [], unknown: new Set<string>(), full: new Set<string>(), mode: "ok" } as unknown as SmtpFake;
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 200,
    onConnect(_session, callback) {
      if (fake.mode === "hang") return; // never greets
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (fake.mode === "error451") return callback(Object.assign(new Error("Requested action aborted: local error in processing"), { responseCode: 451 }));
      if (fake.unknown.has(address.address.toLowerCase()))
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      if (fake.full.has(address.address.toLowerCase()))
        return callback(Object.assign(new Error("5.2.2 Requested mail action aborted: exceeded storage allocation"), { responseCode: 552 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = chunks.map((c) => c.toString("utf8")).join("");
        const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
        const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? "";
        const body = rest.join("\n\n");
        const text = /quoted-printable/i.test(head) ? decodeQuotedPrintable(body) : body;
        fake.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject,
          text,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.port = (server.server.address() as AddressInfo).port;
  fake.url = (user = SMTP_USER, password = SMTP_PASSWORD) => `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${fake.port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Connections left hanging on purpose are not closed by server.close().
      for (const socket of (server as unknown as { connections: Set<{ _socket?: { destroy(): void } }> }).connections ?? []) socket._socket?.destroy();
    });
  return fake;
}

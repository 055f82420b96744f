import { afterAll, beforeAll, vi } from "vitest";
import { startSmtpSink } from "@/test/support/smtp-sink";

export type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

/**
 * A test file whose code under test sends mail to a real SMTP sink: before its
 * tests, starts the sink, points SMTP_URL and MAIL_FROM (and any `env` given) at
 * it, and imports the modules `load` names afresh — lib/env.ts reads the
 * environment once, so they must be loaded only now. E-mail then goes through
 * the e-mail channel's default (SMTP_URL): a stored admin setting for it (other
 * test files make some) is removed. After the tests, the environment is put back.
 *
 *   const smtp = mailToSink(async () => ({ factories: await import("@/test/support/factories") }));
 *   … smtp.lib.factories.makeUser(…); smtp.sink.received …
 */
export function mailToSink<L>(load: () => Promise<L>, env: Record<string, string> = {}): { readonly sink: Sink; readonly lib: L } {
  let sink: Sink | undefined;
  let lib: L | undefined;
  const vars = { MAIL_FROM: "Gatehouse <security@gatehouse.test>", ...env };
  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    Object.assign(process.env, vars);
    vi.resetModules();
    lib = await load();
    const { db } = await import("@/lib/db");
    await db.gatewayConfig.deleteMany({ where: { channel: "email" } });
  });
  afterAll(async () => {
    for (const name of ["SMTP_URL", ...Object.keys(vars)]) delete process.env[name];
    await sink?.close();
  });
  return {
    get sink() {
      if (!sink) throw new Error("the SMTP sink starts before the tests");
      return sink;
    },
    get lib() {
      if (!lib) throw new Error("the modules are loaded before the tests");
      return lib;
    },
  };
}

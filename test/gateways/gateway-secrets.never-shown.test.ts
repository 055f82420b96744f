// Threat: gateway credentials (bot tokens, API secrets, SMTP passwords) read from the database, a status page or a log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { loadGateway } from "@/lib/gateways/config";
import { gatewayStatus } from "@/lib/gateways/status";
import { CASES, configure, startFakes, type Fakes } from "@/test/gateways/support";
import { captureLog } from "@/test/support/log";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

describe.each(CASES)("$id settings at rest", (c) => {
  it("are stored encrypted (AES-GCM, versioned), never in clear", async () => {
    await configure(c, fakes);
    const row = await db.gatewayConfig.findUniqueOrThrow({ where: { channel: c.id } });
    expect(row.config).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    for (const secret of c.secrets) expect(row.config).not.toContain(secret);
    expect(await loadGateway(channelById(c.id))).not.toBeNull();
  });

  it("status says configured and reachable, and never shows a secret", async () => {
    await configure(c, fakes);
    const status = await gatewayStatus(channelById(c.id), { live: true });
    expect(status).toMatchObject({ configured: true, source: "database", reachable: true, lastStatus: "ok" });
    const shown = JSON.stringify(status);
    for (const secret of c.secrets) expect(shown).not.toContain(secret);
  });
});

describe("a ciphertext moved to another channel's row", () => {
  it("does not decrypt there (bound to gateway:<channel>), and the channel counts as unconfigured", async () => {
    const telegram = CASES.find((c) => c.id === "telegram")!;
    const threema = CASES.find((c) => c.id === "threema")!;
    await configure(telegram, fakes);
    await configure(threema, fakes);
    const stolen = await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "telegram" } });
    await db.gatewayConfig.update({ where: { channel: "threema" }, data: { config: stolen.config } });
    const log = captureLog();
    expect(await loadGateway(channelById("threema"))).toBeNull();
    log.restore();
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 50, channel: "threema", msg: expect.stringContaining("cannot be read") }));
  });
});

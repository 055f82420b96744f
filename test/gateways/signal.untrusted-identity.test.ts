// Threat: a user reinstalls Signal, signal-cli silently refuses their new identity, and 2FA stops working with nobody told why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLog } from "@/test/support/log";
import { db } from "@/lib/db";
import { signalFailure } from "@/lib/gateways/signal";
import { RESEND_COOLDOWN } from "@/lib/providers/message-code/limits";
import { begin, caseFor, codeIn, configure, enrolledUser, loginContext, providerFor, startFakes, type Fakes } from "@/test/gateways/support";
import { cliAsync } from "@/test/support/cli";

let fakes: Fakes;
const signal = caseFor("signal");
beforeAll(async () => {
  fakes = await startFakes();
  await configure(signal, fakes);
});
afterAll(async () => {
  await fakes.close();
});

describe("Signal's untrusted identity", () => {
  it("is recognised in every wording signal-cli-rest-api has used", () => {
    for (const error of [
      "Failed to send message due to untrusted identities",
      'Failed to send message: 1610795206942\nFailed to send (some) messages:\nUntrusted Identity for "+32987654321"\n\n',
      'Failed to send (some) messages:\n+4917012345678: Untrusted Identity for "+4917012345678"',
    ]) {
      const answer = { status: 400, text: JSON.stringify({ error }), json: { error } };
      expect(signalFailure(answer).kind).toBe("untrusted_identity");
    }
  });

  it("tells the user what happened, tells the admin exactly what to run, and gateway:signal:trust fixes it", async () => {
    const recipient = signal.recipient(fakes, 71);
    const user = await enrolledUser(signal, fakes, recipient);
    fakes.signal.untrusted.add(recipient); // the user reinstalled Signal

    const log = captureLog();
    const provider = providerFor("signal");
    const ctx = await loginContext(user.id, user.login);
    const result = await begin(provider, ctx);
    expect(result).toMatchObject({ ok: false });
    expect((result as { message: string }).message).toContain(
      "The code could not be sent via Signal: your Signal safety number changed (for example after reinstalling Signal); your administrator has to trust the new one.",
    );
    expect((result as { message: string }).message).not.toContain("gateway:signal:trust");
    log.restore();
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        msg: "gateway: send failed",
        channel: "signal",
        kind: "untrusted_identity",
        detail: expect.stringContaining(`Signal refuses to send to ${recipient}`),
      }),
    );

    const row = await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "signal" } });
    expect(row.lastStatus).toBe("untrusted_identity");
    expect(row.lastError).toContain(`gatehouse gateway:signal:trust ${recipient}`);
    expect(row.lastError).toContain("HTTP 400: Failed to send message due to untrusted identities");

    const status = await cliAsync(["gateway:status", "signal"]);
    expect(status.stdout).toMatch(new RegExp(`last failure \\(untrusted_identity, [^)]+\\): Signal refuses to send to \\${recipient}`));

    const trusted = await cliAsync(["gateway:signal:trust", recipient.replace(/^\+49/, "+49 "), "--trust-all-known-keys"]);
    expect(trusted).toMatchObject({ code: 0, stderr: "" });
    expect(trusted.stdout).toBe(`Signal now trusts the current identity of ${recipient}; codes can be sent to it again.\n`);
    expect(fakes.signal.trusted.at(-1)).toEqual({ number: fakes.signal.account, numberToTrust: recipient, body: { trust_all_known_keys: true } });
    expect((await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "signal" } })).lastStatus).toBe("ok");

    // "Resend" after the cooldown now delivers, and the code signs in.
    await db.messageCode.updateMany({ where: { challengeId: ctx.challengeId }, data: { sentAt: new Date(Date.now() - RESEND_COOLDOWN - 1000) } });
    expect(await provider.resendChallenge!(ctx)).toMatchObject({ ok: true });
    expect(await provider.verify(ctx, codeIn(signal.received(fakes, recipient).at(-1)))).toEqual({ ok: true });
  });

  it("gateway:signal:trust reports the API's refusal in one line", async () => {
    fakes.signal.mode = "error500";
    const r = await cliAsync(["gateway:signal:trust", "+4917012345672"]);
    fakes.signal.mode = "ok";
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe("Error: The Signal API refused: HTTP 500: signal-cli: java.io.IOException: Connection reset\n");
  });
});

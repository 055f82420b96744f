import { expect } from "vitest";
import { captureLog } from "@/test/support/log";
import { db } from "@/lib/db";
import { channelById } from "@/lib/gateways";
import { gatewayStatus } from "@/lib/gateways/status";
import type { ChannelId } from "@/lib/gateways/types";
import { begin, caseFor, configure, enrolledUser, loginContext, providerFor, type Fakes } from "@/test/gateways/support";

/**
 * One row of a channel's failure table: how the fake service is made to fail
 * (with the service's real answer), and what the user and the admin must read.
 */
export type FailureRow = {
  name: string;
  kind: string;
  /** Breaks the fake (or the settings) for `recipient`, the enrolled user's; returns what undoes it. */
  breakIt(f: Fakes, recipient: string): (() => void) | Promise<() => void>;
  /** The user's sentence, exactly (before "You can try again in …"). */
  user: string;
  /** Whose problem the admin is told it is. */
  whose: "the user's recipient" | "this server's account or settings" | "the service";
  /** Words the admin's advice must contain (the catalogue's and the channel's). */
  admin: string[];
  /** The service's own words, kept for the admin in lastError. */
  serviceWords: string;
};

let n = 0;

/** Enrols a user while the service works, breaks it, begins a sign-in, and checks both messages. */
export async function expectFailure(id: ChannelId, f: Fakes, row: FailureRow): Promise<void> {
  const c = caseFor(id);
  await configure(c, f);
  const recipient = c.recipient(f, 80 + (n++ % 19));
  const user = await enrolledUser(c, f, recipient);
  const undo = await row.breakIt(f, recipient);
  const log = captureLog();
  try {
    const result = await begin(providerFor(id), await loginContext(user.id, user.login));
    expect(result).toMatchObject({ ok: false });
    const message = (result as { message: string }).message;
    expect(message.split(" You can try again")[0]).toBe(row.user);
    expect(message).not.toContain(row.serviceWords);

    const stored = await db.gatewayConfig.findUniqueOrThrow({ where: { channel: id } });
    expect(stored.lastStatus).toBe(row.kind);
    expect(stored.lastError).toContain(row.serviceWords);
    const status = await gatewayStatus(channelById(id));
    expect(status.advice?.whose).toBe(row.whose);
    for (const words of row.admin) expect(status.advice?.advice).toContain(words);
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 40, msg: "gateway: send failed", channel: id, kind: row.kind }));
  } finally {
    log.restore();
    undo();
  }
}

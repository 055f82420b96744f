import "server-only";
import { failure, type Result } from "@/lib/errors";
import { deliver } from "@/lib/gateways/send";
import type { GatewayChannel } from "@/lib/gateways/types";
import { env } from "@/lib/env";
import { findUserByLogin } from "@/lib/users";

function testText(login: string): string {
  return `${env().instanceName} test message for ${login}\nThis message checks the gateway. No action is needed.`;
}

/** `gateway:test`: one test message to a recipient, for an account. Failures carry the service's (redacted) words: admins only. */
export async function sendTestMessage(channel: GatewayChannel, login: string, rawRecipient: string): Promise<Result<{ masked: string }>> {
  const user = await findUserByLogin(login);
  if (!user) return failure("not_found", `No account "${login.slice(0, 64)}".`);
  const parsed = channel.recipient.schema.safeParse(rawRecipient);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const delivery = await deliver(channel, parsed.data, testText(user.login), [], { log: false });
  if (!delivery.ok) return failure("delivery_failed", `${channel.displayName}: ${delivery.error.kind}: ${delivery.error.detail}`);
  return { ok: true, data: { masked: channel.recipient.mask(parsed.data) } };
}

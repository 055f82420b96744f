import "server-only";
import { failure, type Result } from "@/lib/errors";
import { adminAdvice } from "@/lib/gateways/advice";
import { configureGateway, parseGatewayConfig, secretsOf } from "@/lib/gateways/config";
import { asGatewayError } from "@/lib/gateways/errors";
import { redact } from "@/lib/gateways/redact";
import { recordOutcome } from "@/lib/gateways/status";
import type { CheckResult, GatewayChannel } from "@/lib/gateways/types";

/**
 * Configure = validate, ask the service whether these settings work (the
 * sender account exists, the token is accepted, credit is left), and only then
 * save. `check: false` saves without asking, for when the service is down.
 * The CLI (gateway:configure) and the admin page both come here.
 */

export type Configured = { checked: CheckResult | null };

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** Why the check refused these settings, for the admin: the service's words, whose problem, what to do. */
function refusal(channel: GatewayChannel, kind: string, detail: string): string {
  const { advice } = adminAdvice(channel, kind);
  return `Not saved: ${channel.displayName} refused these settings (${kind}): ${oneLine(detail)}. ${advice} If the service is only down for now, save without the check (--no-check, or "Save without checking" on the admin page).`;
}

/** Asks the service about settings not yet saved; a refusal carries the service's words minus the settings' secrets. */
async function checkSettings(channel: GatewayChannel, config: unknown, secrets: string[]): Promise<Result<CheckResult>> {
  try {
    const checked = await channel.check(config, { timeoutMs: (config as { timeout: number }).timeout * 1000 });
    return { ok: true, data: { ...checked, detail: redact(checked.detail, secrets) } };
  } catch (thrown) {
    const error = asGatewayError(thrown);
    return failure("invalid_input", refusal(channel, error.kind, redact(error.detail, secrets)));
  }
}

export async function configureCheckedGateway(
  channel: GatewayChannel,
  input: Record<string, string | undefined>,
  actor: string,
  { check }: { check: boolean },
): Promise<Result<Configured>> {
  const parsed = parseGatewayConfig(channel, input);
  if (!parsed.ok) return parsed;
  const checked = check ? await checkSettings(channel, parsed.data, secretsOf(channel, parsed.data)) : null;
  if (checked && !checked.ok) return checked;
  const saved = await configureGateway(channel, input, actor);
  if (!saved.ok) return saved;
  if (checked && !checked.data.unchecked) await recordOutcome(channel, { ok: true });
  return { ok: true, data: { checked: checked ? checked.data : null } };
}

"use server";
import { revalidatePath } from "next/cache";
import { adminActionSession } from "@/lib/dal/admin";
import { failure } from "@/lib/errors";
import { boundText, calledAsForm, echo, formText, type FormState } from "@/lib/forms";
import { findChannel } from "@/lib/gateways";
import { removeGateway, storedValues } from "@/lib/gateways/config";
import { configureCheckedGateway } from "@/lib/gateways/configure";
import { gatewayStatus } from "@/lib/gateways/status";
import { sendTestMessage } from "@/lib/gateways/test-message";

/** Every action: a live admin session, a well-formed call, then the channel by id. */
async function channelFor(id: string, form: unknown) {
  const guard = await adminActionSession();
  if ("failure" in guard) return guard;
  if (!calledAsForm(form, [boundText, id])) return { failure: failure("invalid_input") };
  const channel = findChannel(id);
  return channel ? { channel, admin: guard.session.user } : { failure: failure("not_found") };
}

/** Saves a channel's settings; a secret left empty keeps the stored one. */
export async function saveGatewayAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const c = await channelFor(id, form);
  if ("failure" in c) return c.failure;
  const stored = await storedValues(c.channel);
  const input: Record<string, string> = {};
  for (const field of c.channel.fields) {
    const value = formText(form, field.key).slice(0, 4096);
    input[field.key] = value === "" && field.secret ? (stored[field.key] ?? "") : value;
  }
  // The service is asked first, as gateway:configure does; "save without checking" is --no-check.
  const saved = await configureCheckedGateway(c.channel, input, c.admin.login, { check: formText(form, "noCheck") !== "on" });
  // Give back what was typed (never the secrets) so a correction needs no retyping.
  const typed = Object.fromEntries(c.channel.fields.filter((f) => !f.secret).map((f) => [f.key, input[f.key] ?? ""]));
  if (!saved.ok) return { ...saved, values: echo(typed) };
  revalidatePath("/admin/security");
  const { checked } = saved.data;
  return {
    ok: true,
    message: `${c.channel.displayName} saved${checked && !checked.unchecked ? ` and reachable (${checked.detail})` : checked ? "" : " without a check"}.`,
  };
}

export async function checkGatewayAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const c = await channelFor(id, form);
  if ("failure" in c) return c.failure;
  const status = await gatewayStatus(c.channel, { live: true });
  revalidatePath("/admin/security");
  if (!status.configured) return failure("invalid_input", `${c.channel.displayName} is not configured.`);
  if (status.reachable === false) {
    return failure("invalid_input", `${c.channel.displayName}: ${status.lastError ?? "not reachable"}${status.advice ? ` — ${status.advice.advice}` : ""}`);
  }
  return {
    ok: true,
    message: status.reachable
      ? `${c.channel.displayName} is reachable (${status.detail}).`
      : `${c.channel.displayName} cannot be checked without sending; use a test message.`,
  };
}

export async function testGatewayAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const c = await channelFor(id, form);
  if ("failure" in c) return c.failure;
  const sent = await sendTestMessage(c.channel, c.admin.login, formText(form, "recipient").slice(0, 1024));
  return sent.ok ? { ok: true, message: `Test message sent to ${sent.data.masked}.` } : sent;
}

export async function removeGatewayAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const c = await channelFor(id, form);
  if ("failure" in c) return c.failure;
  const removed = await removeGateway(c.channel, c.admin.login);
  revalidatePath("/admin/security");
  return removed
    ? { ok: true, message: `${c.channel.displayName} removed. Users who have it keep it on, but cannot receive codes until it is configured again.` }
    : failure("not_found", "Nothing was stored for this channel.");
}

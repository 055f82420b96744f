import { many, requirePositionals, type Command } from "@/cli/command";
import { CliError, out, prompt, readStdin } from "@/cli/io";
import { findChannel, channelList, gatewayChannels } from "@/lib/gateways";
import { applicableFields, parseGatewayConfig, removeGateway, storedValues } from "@/lib/gateways/config";
import { configureCheckedGateway } from "@/lib/gateways/configure";
import type { SignalIdentity } from "@/lib/gateways/signal/identities";
import { trustSignalRecipient } from "@/lib/gateways/signal/trust";
import { gatewayStatus } from "@/lib/gateways/status";
import { sendTestMessage } from "@/lib/gateways/test-message";
import type { GatewayChannel, GatewayField } from "@/lib/gateways/types";
import { countEnabledUsers } from "@/lib/providers/message-code/recipients";
import { cliActor } from "@/lib/security/events";

/**
 * Message gateways, like Nextcloud's `occ twofactorauth:gateway:*`: configure
 * (interactive, or with flags for scripts), status, test, remove, and
 * Signal's identity trust. Secrets are asked without echo and never printed.
 */

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function channelArg(name: string | undefined): GatewayChannel {
  const channel = name ? findChannel(name.toLowerCase()) : undefined;
  if (!channel) throw new CliError(`Unknown channel "${oneLine(name ?? "").slice(0, 40)}". Channels: ${channelList}.`);
  return channel;
}

const fieldKeys = [...new Set(gatewayChannels.flatMap((c) => c.fields.map((f) => f.key)))];

function fieldByName(channel: GatewayChannel, name: string): GatewayField {
  const field = channel.fields.find((f) => f.key === name || kebab(f.key) === name);
  if (!field)
    throw new CliError(
      `${channel.displayName} has no setting "${oneLine(name).slice(0, 40)}". Settings: ${channel.fields.map((f) => kebab(f.key)).join(", ")}.`,
    );
  return field;
}

/** Values given on the command line: --field key=value, named flags, --stdin-field key. */
async function givenValues(channel: GatewayChannel, values: Record<string, unknown>): Promise<Record<string, string>> {
  const given: Record<string, string> = {};
  for (const pair of many(values.field)) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new CliError(`--field takes key=value (got "${oneLine(pair).slice(0, 40)}").`);
    given[fieldByName(channel, pair.slice(0, eq)).key] = pair.slice(eq + 1);
  }
  for (const key of fieldKeys) {
    const value = values[kebab(key)];
    if (typeof value === "string") given[fieldByName(channel, key).key] = value;
  }
  if (typeof values["stdin-field"] === "string") {
    const field = fieldByName(channel, values["stdin-field"]);
    given[field.key] = (await readStdin()).replace(/\r?\n$/, "");
  }
  return given;
}

async function ask(field: GatewayField, current: string | undefined): Promise<string | undefined> {
  const extras = [field.choices ? field.choices.join("/") : null, field.hint ?? null].filter(Boolean).join("; ");
  const fallback = current ?? field.defaultValue;
  const shown = field.secret ? (current ? " [keep current]" : "") : fallback ? ` [${fallback}]` : field.optional ? " [none]" : "";
  const answer = (await prompt(`${field.label}${extras ? ` (${extras})` : ""}${shown}: `, { secret: field.secret })).trim();
  return answer === "" ? fallback : answer;
}

export const gatewayConfigure: Command = {
  name: "gateway:configure",
  usage: `gateway:configure <channel> [--field key=value]… [--<key> value]… [--stdin-field key] [--no-check]   (channels: ${channelList})`,
  summary: "Configure a message gateway (asks for each setting; secrets without echo)",
  options: {
    field: { type: "string", multiple: true },
    "stdin-field": { type: "string" },
    "no-check": { type: "boolean" },
    ...Object.fromEntries(fieldKeys.map((key) => [kebab(key), { type: "string" as const }])),
  },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 1);
    const channel = channelArg(positionals[0]);
    const given = await givenValues(channel, values);
    const stored = await storedValues(channel);
    const interactive = process.stdin.isTTY === true && values["stdin-field"] === undefined;
    const collected: Record<string, string | undefined> = {};
    const fill = async (field: GatewayField) => {
      if (given[field.key] !== undefined) collected[field.key] = given[field.key];
      else if (interactive) collected[field.key] = await ask(field, stored[field.key]);
      else collected[field.key] = stored[field.key] ?? field.defaultValue;
      if (collected[field.key] === undefined && !field.optional && !interactive) {
        throw new CliError(`${field.label} is needed: run interactively or pass --${kebab(field.key)} (or --field ${field.key}=…).`);
      }
    };
    if (interactive) out(`Configuring ${channel.displayName}. Press Enter to keep the value in brackets.`);
    for (const field of channel.fields) {
      if (applicableFields(channel, collected).includes(field)) await fill(field);
    }
    // Interactive: ask again for what does not validate (three tries); scripts get one line.
    for (let round = 0; ; round++) {
      const parsed = parseGatewayConfig(channel, collected);
      if (parsed.ok) break;
      const bad = channel.fields.filter((f) => parsed.fields?.[f.key] && applicableFields(channel, collected).includes(f));
      if (!interactive || round >= 2 || bad.length === 0) throw new CliError(oneLine(parsed.message));
      for (const field of bad) {
        out(parsed.fields![field.key]!);
        collected[field.key] = await ask(field, undefined);
      }
    }
    // The service is asked first (sender account, token, credit); nothing is saved when it refuses.
    const saved = await configureCheckedGateway(channel, collected, cliActor(), { check: values["no-check"] !== true });
    if (!saved.ok) throw new CliError(oneLine(saved.message));
    out(`${channel.displayName} gateway saved.`);
    const { checked } = saved.data;
    if (!checked) out(`Not checked (--no-check): run \`gatehouse gateway:status ${channel.id}\` once the service is up.`);
    else out(checked.unchecked ? `Not checked: ${checked.detail}.` : `Reachable: ${checked.detail}.`);
  },
};

function describeSource(source: string | null): string {
  return source === "environment" ? "configured (from SMTP_URL/MAIL_FROM)" : "configured";
}

export const gatewayStatusCommand: Command = {
  name: "gateway:status",
  usage: "gateway:status [channel] [--json]",
  summary: "Show each message gateway: configured, reachable now, last result",
  options: { json: { type: "boolean" } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 0, 1);
    const channels = positionals[0] ? [channelArg(positionals[0])] : gatewayChannels;
    const statuses = await Promise.all(channels.map((c) => gatewayStatus(c, { live: true })));
    if (values.json) {
      out(JSON.stringify(statuses.map((s) => ({ ...s, lastCheckedAt: s.lastCheckedAt?.toISOString() ?? null }))));
      return;
    }
    const width = Math.max(...statuses.map((s) => s.channel.length));
    for (const s of statuses) {
      if (!s.configured) {
        out(`${s.channel.padEnd(width)}  not configured`);
        continue;
      }
      const reach = s.reachable === null ? "not checkable" : s.reachable ? "reachable" : "NOT reachable";
      out(`${s.channel.padEnd(width)}  ${describeSource(s.source)}, ${reach}${s.detail ? ` — ${oneLine(s.detail)}` : ""}`);
      if (s.lastStatus && s.lastStatus !== "ok" && s.lastError) {
        out(`${" ".repeat(width)}  last failure (${s.lastStatus}, ${s.lastCheckedAt?.toISOString() ?? "?"}): ${oneLine(s.lastError)}`);
      }
      if (s.advice) out(`${" ".repeat(width)}  to fix (${s.advice.whose}): ${s.advice.advice}`);
    }
  },
};

export const gatewayTest: Command = {
  name: "gateway:test",
  usage: "gateway:test <login> <channel> <recipient>",
  summary: "Send a test message through a gateway",
  async run({ positionals }) {
    requirePositionals(this, positionals, 3);
    const channel = channelArg(positionals[1]);
    const result = await sendTestMessage(channel, positionals[0]!, positionals[2]!);
    if (!result.ok) throw new CliError(oneLine(result.message));
    out(`Test message sent via ${channel.displayName} to ${result.data.masked}.`);
  },
};

export const gatewayRemove: Command = {
  name: "gateway:remove",
  usage: "gateway:remove <channel>",
  summary: "Remove a message gateway's configuration",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const channel = channelArg(positionals[0]);
    const removed = await removeGateway(channel, cliActor());
    const stillFromEnv = (await gatewayStatus(channel)).configured;
    if (!removed && !stillFromEnv) throw new CliError(`${channel.displayName} is not configured.`);
    if (stillFromEnv) {
      out(`${channel.displayName} is still configured from the environment (SMTP_URL); unset it to turn the channel off.`);
      return;
    }
    const users = await countEnabledUsers(channel.id);
    out(`${channel.displayName} gateway removed.`);
    if (users > 0) {
      out(
        `${users} user${users === 1 ? " has" : "s have"} ${channel.displayName} codes on: they keep needing a second factor and are offered their other ways and backup codes.`,
      );
    }
  },
};

/** "123451234512345…" as Signal shows it: 12 groups of 5 digits. */
const grouped = (digits: string) => digits.replace(/\s+/g, "").replace(/(\d{5})(?=\d)/g, "$1 ");

function addedOn(added: string): string {
  const ms = Number(added);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 16).replace("T", " ") : "unknown date";
}

function showIdentities(recipient: string, identities: SignalIdentity[]): void {
  if (identities.length === 0) {
    out(`signal-cli knows no identity key for ${recipient} yet (no message was sent to or received from it).`);
    return;
  }
  out(`Safety numbers signal-cli knows for ${recipient}:`);
  for (const i of identities) out(`  ${i.status.padEnd(18)}  ${grouped(i.safety_number)}  (added ${addedOn(i.added)})`);
}

export const gatewaySignalTrust: Command = {
  name: "gateway:signal:trust",
  usage: 'gateway:signal:trust <recipient number> [--safety-number "<60 digits>" | --trust-all-known-keys]',
  summary: "Show a Signal recipient's safety numbers and trust the one they confirm (after they reinstalled Signal)",
  options: { "safety-number": { type: "string" }, "trust-all-known-keys": { type: "boolean" } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 1);
    const pinned = typeof values["safety-number"] === "string" ? values["safety-number"] : undefined;
    const result = await trustSignalRecipient({ recipient: positionals[0]!, safetyNumber: pinned, allKnownKeys: values["trust-all-known-keys"] === true });
    if (!result.ok) throw new CliError(oneLine(result.message));
    const { recipient, identities, trusted } = result.data;
    if (trusted === "all_known_keys") {
      out(`Signal now trusts the current identity of ${recipient}; codes can be sent to it again.`);
      return;
    }
    if (trusted === "safety_number") {
      out(`Signal now trusts ${recipient} with the safety number you confirmed (verified); codes can be sent to it again.`);
      return;
    }
    showIdentities(recipient, identities);
    out(`Compare the safety number with the user (in Signal: the conversation › View safety number), then run:`);
    out(`  gatehouse gateway:signal:trust ${recipient} --safety-number "<the 60 digits they read to you>"`);
    throw new CliError(`Nothing trusted yet: pass --safety-number (or --trust-all-known-keys to trust every key above without comparing).`);
  },
};

export const gatewayCommands: Command[] = [gatewayConfigure, gatewayStatusCommand, gatewayTest, gatewayRemove, gatewaySignalTrust];

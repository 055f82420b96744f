import { requirePositionals, type Command } from "@/cli/command";
import { CliError, out, table } from "@/cli/io";
import { installed as installedProviders } from "@/lib/plugins";
import { cleanupProvider, disableForUser, enableForUser, providerStates } from "@/lib/two-factor/admin";
import { cliActor } from "@/lib/security/events";
import { findUserByLogin } from "@/lib/users";

async function userOrFail(login: string) {
  const user = await findUserByLogin(login);
  if (!user) throw new CliError(`User "${login}" not found.`);
  return user;
}

function unknownProvider(id: string): CliError {
  return new CliError(`Provider "${id}" is not installed or not enabled for this user. Installed: ${installedProviders.map((p) => p.id).join(", ")}.`);
}

export const twoFactorState: Command = {
  name: "twofactorauth:state",
  usage: "twofactorauth:state <login>",
  summary: "Show which second-factor providers a user has enabled",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const user = await userOrFail(positionals[0]!);
    const rows = await providerStates(user.id);
    const hasFactor = rows.some((r) => r.enabled && r.kind !== "recovery");
    out(`Two-factor authentication is ${hasFactor ? "enabled" : "not enabled"} for user ${user.login}.`);
    table(
      ["PROVIDER", "NAME", "KIND", "STATE"],
      rows.map((r) => [r.id, r.name, r.kind === "missing" ? "missing (blocks sign-in)" : r.kind, r.enabled ? "enabled" : "disabled"]),
    );
  },
};

export const twoFactorDisable: Command = {
  name: "twofactorauth:disable",
  usage: "twofactorauth:disable <login> [provider]",
  summary: "Turn off one second-factor provider, or all of them, for a user (e.g. a lost phone)",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1, 2);
    const user = await userOrFail(positionals[0]!);
    const changes = await disableForUser(user.id, positionals[1], cliActor());
    if (!changes) throw unknownProvider(positionals[1]!);
    if (positionals[1]) out(`Provider ${changes[0]!.id} disabled for user ${user.login}.`);
    else out(`Two-factor authentication disabled for user ${user.login}`);
  },
};

export const twoFactorDisableAlias: Command = {
  ...twoFactorDisable,
  name: "twofactor:disable",
  usage: "twofactor:disable <login>",
  summary: "Alias of twofactorauth:disable <login> (all providers)",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    await twoFactorDisable.run.call(twoFactorDisable, { positionals, values: {} });
  },
};

export const twoFactorEnable: Command = {
  name: "twofactorauth:enable",
  usage: "twofactorauth:enable <login> [provider]",
  summary: "Turn on providers that need no input from the user",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1, 2);
    const user = await userOrFail(positionals[0]!);
    const changes = await enableForUser(user.id, positionals[1]);
    if (!changes) throw unknownProvider(positionals[1]!);
    const enabled = changes.filter((c) => !c.refused);
    for (const c of enabled) out(`Provider ${c.id} enabled for user ${user.login}.`);
    const refused = changes.filter((c) => c.refused);
    if (enabled.length === 0)
      throw new CliError(
        refused.length === 1 ? refused[0]!.refused! : "None of the installed providers can be turned on by an administrator; the user must set one up.",
      );
  },
};

export const twoFactorCleanup: Command = {
  name: "twofactorauth:cleanup",
  usage: "twofactorauth:cleanup <provider>",
  summary: "Remove a provider's data for all users (e.g. after uninstalling it)",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const { users, data } = await cleanupProvider(positionals[0]!);
    out(`Removed provider ${positionals[0]} for ${users} user(s)${data ? ` and ${data} stored item(s)` : ""}.`);
  },
};

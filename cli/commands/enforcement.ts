import { many, requirePositionals, type Command } from "@/cli/command";
import { CliError, out, table } from "@/cli/io";
import { installed as installedProviders } from "@/lib/plugins";
import { generateAdminCode } from "@/lib/providers/admin-code/store";
import { phishingResistantGroups, writePhishingResistantGroups } from "@/lib/two-factor/assurance-policy";
import { describePolicy, policyImpact, readPolicy, writePolicy } from "@/lib/two-factor/enforcement";
import { setProviderSwitchedOff, switchedOffProviderIds } from "@/lib/two-factor/provider-set";
import { cliActor } from "@/lib/security/events";
import { findUserByLogin } from "@/lib/users";

const factorIds = () => installedProviders.filter((p) => p.kind === "factor").map((p) => p.id);

export const enforce: Command = {
  name: "twofactorauth:enforce",
  usage: "twofactorauth:enforce [--on|--off] [--group G]… [--exclude G]…",
  summary: "Show or change 2FA enforcement (everyone, listed groups, or everyone except excluded groups)",
  options: { on: { type: "boolean" }, off: { type: "boolean" }, group: { type: "string", multiple: true }, exclude: { type: "string", multiple: true } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 0);
    if (values.on && values.off) throw new CliError("Use either --on or --off.");
    let policy = await readPolicy();
    if (values.on || values.off) {
      policy = values.off ? { enforced: false, groups: [], excluded: [] } : { enforced: true, groups: many(values.group), excluded: many(values.exclude) };
      const saved = await writePolicy(policy, cliActor());
      if (!saved.ok) throw new CliError(saved.message);
    } else if (values.group || values.exclude) {
      throw new CliError("--group and --exclude go with --on.");
    }
    out(describePolicy(policy));
    const impact = await policyImpact(policy, factorIds());
    if (policy.enforced)
      out(`${impact.affected} user(s) affected, ${impact.withoutFactor} of them without a second factor yet (they will set one up at their next sign-in).`);
  },
};

export const generateCode: Command = {
  name: "twofactorauth:admin:generate-code",
  usage: "twofactorauth:admin:generate-code <login> [--hours N]",
  summary: "Create a one-time bypass code for a user who lost every factor (shown once)",
  options: { hours: { type: "string" } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 1);
    const hours = values.hours === undefined ? 24 : Number(values.hours);
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw new CliError("--hours must be a whole number from 1 to 168.");
    const user = await findUserByLogin(positionals[0]!);
    if (!user) throw new CliError(`User "${positionals[0]}" not found.`);
    const { code, expiresAt } = await generateAdminCode(user.id, cliActor(), hours * 3_600_000);
    out(`One-time code for ${user.login}: ${code}`);
    out(`It works once, until ${expiresAt.toISOString()}. Give it to the user over a trusted channel.`);
  },
};

export const providerSwitch: Command = {
  name: "twofactorauth:provider",
  usage: "twofactorauth:provider [<provider> --on|--off]",
  summary: "List installed providers, or turn one off/on for the whole instance (users keep their data)",
  options: { on: { type: "boolean" }, off: { type: "boolean" } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 0, 1);
    if (positionals[0]) {
      if (values.on === values.off) throw new CliError("Give --on or --off.");
      if (!(await setProviderSwitchedOff(positionals[0], values.off === true, cliActor()))) {
        throw new CliError(`Provider "${positionals[0]}" is not installed. Installed: ${installedProviders.map((p) => p.id).join(", ")}.`);
      }
    }
    const off = new Set(await switchedOffProviderIds());
    table(
      ["PROVIDER", "NAME", "KIND", "STATE"],
      installedProviders.map((p) => [p.id, p.displayName, p.kind, off.has(p.id) ? "off" : "on"]),
    );
  },
};

export const requireAssurance: Command = {
  name: "twofactorauth:require",
  usage: "twofactorauth:require [phishing_resistant --group G… | --off]",
  summary: "Show or set the groups whose members must sign in with a security key or passkey",
  options: { group: { type: "string", multiple: true }, off: { type: "boolean" } },
  async run({ positionals, values }) {
    if (positionals.length > 0 || values.off) {
      if (values.off ? positionals.length > 0 || values.group : positionals.length !== 1 || positionals[0] !== "phishing_resistant" || !values.group) {
        throw new CliError(`usage: gatehouse ${this.usage}`);
      }
      const saved = await writePhishingResistantGroups(values.off ? [] : many(values.group), cliActor());
      if (!saved.ok) throw new CliError(saved.message);
    }
    const groups = await phishingResistantGroups();
    out(
      groups.length
        ? `Members of ${groups.join(", ")} must sign in phishing resistant (a security key or passkey); without one they add a key at their next sign-in.`
        : "No group must sign in phishing resistant.",
    );
  },
};

import { requirePositionals, type Command } from "@/cli/command";
import { CliError, out, table } from "@/cli/io";
import { listDevices, revokeDevice, tokenIdInput } from "@/lib/auth/devices";
import { cliActor } from "@/lib/security/events";
import { findUserByLogin } from "@/lib/users";

/** Admin view of a user's tokens (sessions and app passwords): the web page's functions. */

async function userNamed(login: string) {
  const user = await findUserByLogin(login);
  if (!user) throw new CliError(`No user "${login.slice(0, 64)}".`);
  return user;
}

export const tokenList: Command = {
  name: "token:list",
  usage: "token:list <login> [--json]",
  summary: "List a user's sessions and app passwords (id, type, name, last activity, IP)",
  options: { json: { type: "boolean" } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 1);
    const user = await userNamed(positionals[0]!);
    const devices = await listDevices(user.id);
    if (values.json) {
      out(
        JSON.stringify(
          devices.map((d) => ({
            id: d.id,
            type: d.type,
            name: d.name,
            scope: d.scope,
            ip: d.ip,
            createdAt: d.createdAt.toISOString(),
            lastActivity: d.lastActivity.toISOString(),
          })),
        ),
      );
      return;
    }
    table(
      ["ID", "TYPE", "NAME", "LAST ACTIVITY", "IP"],
      devices.map((d) => [String(d.id), d.scope === "read_only" ? `${d.type} (read-only)` : d.type, d.name, d.lastActivity.toISOString(), d.ip ?? "-"]),
    );
  },
};

export const tokenRevoke: Command = {
  name: "token:revoke",
  usage: "token:revoke <login> <id>",
  summary: "Revoke one of a user's sessions or app passwords (it is refused on its next request)",
  async run({ positionals }) {
    requirePositionals(this, positionals, 2);
    const [login, rawId] = positionals as [string, string];
    const id = tokenIdInput.safeParse(rawId);
    if (!id.success) throw new CliError(`"${rawId.slice(0, 32)}" is not a token id (see token:list).`);
    const user = await userNamed(login);
    const result = await revokeDevice(user.id, id.data, { actor: cliActor() });
    if (!result.ok) throw new CliError(`User "${user.login}" has no token ${id.data} (see token:list).`);
    out(`Revoked ${result.data.type === "app_password" ? "app password" : "session"} ${id.data} of "${user.login}".`);
  },
};

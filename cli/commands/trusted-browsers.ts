import { requirePositionals, type Command } from "@/cli/command";
import { CliError, out, table } from "@/cli/io";
import { cliActor } from "@/lib/security/events";
import { listTrustedBrowsers, revokeAllTrustedBrowsers } from "@/lib/two-factor/trusted-browsers";
import { findUserByLogin } from "@/lib/users";

/** Trusted browsers (issue #19) from the command line: the admin page's functions. */

async function userNamed(login: string) {
  const user = await findUserByLogin(login);
  if (!user) throw new CliError(`No user "${login.slice(0, 64)}".`);
  return user;
}

export const trustedList: Command = {
  name: "twofactorauth:trusted:list",
  usage: "twofactorauth:trusted:list <login>",
  summary: "List the browsers a user trusted to skip the second factor",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const user = await userNamed(positionals[0]!);
    const rows = await listTrustedBrowsers(user.id);
    table(
      ["ID", "BROWSER", "IP", "SINCE", "LAST USED", "UNTIL"],
      rows.map((r) => [String(r.id), r.name, r.ip ?? "", r.createdAt.toISOString(), r.lastUsedAt.toISOString(), r.expiresAt.toISOString()]),
    );
  },
};

export const trustedRevoke: Command = {
  name: "twofactorauth:trusted:revoke",
  usage: "twofactorauth:trusted:revoke <login>",
  summary: "Forget every browser a user trusted: the next sign-in asks the second factor again",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const user = await userNamed(positionals[0]!);
    const count = await revokeAllTrustedBrowsers(user.id, cliActor());
    out(`Revoked ${count} trusted ${count === 1 ? "browser" : "browsers"} of user ${user.login}.`);
  },
};

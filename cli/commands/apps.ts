import { many, requirePositionals, type Command } from "@/cli/command";
import { CliError, out, table } from "@/cli/io";
import type { ProtectedAppView } from "@/lib/apps/app-view";
import { addApp, listApps, removeApp } from "@/lib/apps/protected-apps";
import { cliActor } from "@/lib/security/events";

/** Protected apps (forward auth): the same functions as the admin page. */

export const appAdd: Command = {
  name: "app:add",
  usage:
    "app:add <name> --url <origin or origin/path> [--allow-group G]… [--allow-user U]… [--clients full|read_only|none] [--public] [--require phishing_resistant]",
  summary: "Protect an app behind the reverse proxy (forward auth)",
  options: {
    url: { type: "string" },
    "allow-group": { type: "string", multiple: true },
    "allow-user": { type: "string", multiple: true },
    clients: { type: "string" },
    public: { type: "boolean" },
    require: { type: "string" },
  },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 1);
    if (typeof values.url !== "string") throw new CliError(`--url is required — usage: gatehouse ${this.usage}`);
    const r = await addApp(
      {
        name: positionals[0]!,
        url: values.url,
        allowGroups: many(values["allow-group"]),
        allowUsers: many(values["allow-user"]),
        clients: (values.clients as "full" | undefined) ?? "full",
        public: values.public === true,
        require: typeof values.require === "string" ? (values.require as "phishing_resistant") : null,
      },
      cliActor(),
    );
    if (!r.ok) throw new CliError(r.message);
    out(
      `App "${r.data.name}" protected at ${r.data.url} (${access(r.data)}; clients: ${r.data.clients}${r.data.require ? `; requires: ${r.data.require}` : ""}).`,
    );
  },
};

export const appList: Command = {
  name: "app:list",
  usage: "app:list",
  summary: "List protected apps, their URL prefixes and who may enter",
  async run({ positionals }) {
    requirePositionals(this, positionals, 0);
    table(
      ["APP", "URL", "ACCESS", "CLIENTS", "REQUIRES"],
      (await listApps()).map((a) => [a.name, a.url, access(a), a.clients, a.require ?? "-"]),
    );
  },
};

export const appRemove: Command = {
  name: "app:remove",
  usage: "app:remove <name>",
  summary: "Stop protecting an app (its requests are then refused: no app covers them)",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const r = await removeApp(positionals[0]!, cliActor());
    if (!r.ok) throw new CliError(r.message);
    out(`App "${positionals[0]}" removed.`);
  },
};

export const appCommands = [appAdd, appList, appRemove];

function access(app: ProtectedAppView): string {
  if (app.public) return "public";
  const who = [...app.allowGroups.map((g) => `group ${g}`), ...app.allowUsers.map((u) => `user ${u}`)];
  return who.length ? who.join(", ") : "every user";
}

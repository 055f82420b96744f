import { requirePositionals, type Command } from "@/cli/command";
import { CliError, out, prompt, readStdin, table } from "@/cli/io";
import { cliActor } from "@/lib/security/events";
import { createUser, listUsers } from "@/lib/users";

export const userAdd: Command = {
  name: "user:add",
  usage: "user:add <login> [--admin] [--password-stdin] [--display-name NAME] [--email ADDRESS]",
  summary: "Create an account (asks for the password without echo, or reads it from stdin)",
  options: {
    admin: { type: "boolean" },
    "password-stdin": { type: "boolean" },
    "display-name": { type: "string" },
    email: { type: "string" },
  },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 1);
    let password: string;
    if (values["password-stdin"]) {
      password = (await readStdin()).replace(/\r?\n$/, "");
    } else {
      password = await prompt("Password: ", { secret: true });
      if ((await prompt("Repeat the password: ", { secret: true })) !== password) throw new CliError("The passwords do not match.");
    }
    const result = await createUser(
      {
        login: positionals[0]!,
        password,
        isAdmin: values.admin === true,
        displayName: typeof values["display-name"] === "string" ? values["display-name"] : undefined,
        email: typeof values.email === "string" ? values.email : undefined,
      },
      { actor: cliActor() },
    );
    if (!result.ok) throw new CliError(result.fields ? Object.values(result.fields)[0]! : result.message);
    out(`User "${result.data.login}" created${result.data.isAdmin ? " as an administrator" : ""}.`);
  },
};

export const userList: Command = {
  name: "user:list",
  usage: "user:list [--json]",
  summary: "List accounts",
  options: { json: { type: "boolean" } },
  async run({ positionals, values }) {
    requirePositionals(this, positionals, 0);
    const users = await listUsers();
    if (values.json) {
      out(JSON.stringify(users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null }))));
      return;
    }
    table(
      ["LOGIN", "DISPLAY NAME", "ADMIN", "DISABLED", "LAST SIGN-IN"],
      users.map((u) => [u.login, u.displayName, u.isAdmin ? "yes" : "no", u.disabled ? "yes" : "no", u.lastLoginAt?.toISOString() ?? "never"]),
    );
  },
};

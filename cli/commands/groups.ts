import { requirePositionals, type Command } from "@/cli/command";
import { CliError, out, table } from "@/cli/io";
import { addGroup, addToGroup, deleteGroup, listGroups, removeFromGroup } from "@/lib/groups";
import { cliActor } from "@/lib/security/events";
import type { Failure } from "@/lib/errors";

function check(result: { ok: true } | Failure): void {
  if (!result.ok) throw new CliError(result.message);
}

export const groupAdd: Command = {
  name: "group:add",
  usage: "group:add <group>",
  summary: "Create a group",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const r = await addGroup(positionals[0]!, cliActor());
    check(r);
    if (r.ok) out(`Group "${r.data.name}" created.`);
  },
};

export const groupDelete: Command = {
  name: "group:delete",
  usage: "group:delete <group>",
  summary: "Delete a group (the accounts in it are kept; refused while the enforcement policy names it)",
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    check(await deleteGroup(positionals[0]!, cliActor()));
    out(`Group "${positionals[0]}" deleted.`);
  },
};

export const groupList: Command = {
  name: "group:list",
  usage: "group:list",
  summary: "List groups and their member counts",
  async run({ positionals }) {
    requirePositionals(this, positionals, 0);
    table(
      ["GROUP", "MEMBERS"],
      (await listGroups()).map((g) => [g.name, String(g.members)]),
    );
  },
};

export const groupAddUser: Command = {
  name: "group:adduser",
  usage: "group:adduser <group> <login>",
  summary: "Add a user to a group",
  async run({ positionals }) {
    requirePositionals(this, positionals, 2);
    check(await addToGroup(positionals[0]!, positionals[1]!, cliActor()));
    out(`User "${positionals[1]}" added to group "${positionals[0]}".`);
  },
};

export const groupRemoveUser: Command = {
  name: "group:removeuser",
  usage: "group:removeuser <group> <login>",
  summary: "Remove a user from a group",
  async run({ positionals }) {
    requirePositionals(this, positionals, 2);
    check(await removeFromGroup(positionals[0]!, positionals[1]!, cliActor()));
    out(`User "${positionals[1]}" removed from group "${positionals[0]}".`);
  },
};

import { requirePositionals, type Command } from "@/cli/command";
import { CliError, out } from "@/cli/io";
import { CONFIG_KEYS, getConfig, isConfigKey, setConfig } from "@/lib/config";
import { cliActor } from "@/lib/security/events";

/** Instance settings (lib/config.ts), the same the server reads. */

export const configGet: Command = {
  name: "config:get",
  usage: "config:get <key>",
  summary: `Print an instance setting (${CONFIG_KEYS.join(", ")})`,
  async run({ positionals }) {
    requirePositionals(this, positionals, 1);
    const key = positionals[0]!;
    if (!isConfigKey(key)) throw new CliError(`Unknown setting "${key.slice(0, 64)}". Known: ${CONFIG_KEYS.join(", ")}.`);
    out(await getConfig(key));
  },
};

export const configSet: Command = {
  name: "config:set",
  usage: "config:set <key> <value>",
  summary: "Change an instance setting, e.g. `config:set token_auth_enforced true`",
  async run({ positionals }) {
    requirePositionals(this, positionals, 2);
    const result = await setConfig(positionals[0]!, positionals[1]!, cliActor());
    if (!result.ok) throw new CliError(result.message);
    out(`${result.data.key} = ${result.data.value}`);
  },
};

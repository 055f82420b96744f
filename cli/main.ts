/**
 * The admin CLI: `npx gatehouse <command>`. Every command calls the same lib/
 * functions as the web UI. Exit 0 on success; otherwise one line on stderr and a
 * non-zero exit.
 */
import "@/lib/plugins"; // the composition root: hands the core its providers
import { parse, type Command } from "@/cli/command";
import { appCommands } from "@/cli/commands/apps";
import { enforce, generateCode, providerSwitch, requireAssurance } from "@/cli/commands/enforcement";
import { gatewayCommands } from "@/cli/commands/gateways";
import { groupAdd, groupAddUser, groupDelete, groupList, groupRemoveUser } from "@/cli/commands/groups";
import { twoFactorCleanup, twoFactorDisable, twoFactorDisableAlias, twoFactorEnable, twoFactorState } from "@/cli/commands/two-factor";
import { configGet, configSet } from "@/cli/commands/config";
import { doctor } from "@/cli/commands/doctor";
import { trustedList, trustedRevoke } from "@/cli/commands/trusted-browsers";
import { tokenList, tokenRevoke } from "@/cli/commands/tokens";
import { userAdd, userList } from "@/cli/commands/users";
import { CliError, out } from "@/cli/io";
import { backgroundSettled } from "@/lib/background";
import { instanceSecret } from "@/lib/crypto/keys";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { logToStderr } from "@/lib/log";

// stdout is the command's answer; log lines (warnings and errors unless LOG_LEVEL says more) go to stderr.
logToStderr();

const commands: Command[] = [
  userAdd,
  userList,
  tokenList,
  tokenRevoke,
  configGet,
  configSet,
  twoFactorState,
  twoFactorEnable,
  twoFactorDisable,
  twoFactorDisableAlias,
  twoFactorCleanup,
  trustedList,
  trustedRevoke,
  enforce,
  requireAssurance,
  generateCode,
  providerSwitch,
  groupAdd,
  groupDelete,
  groupList,
  groupAddUser,
  groupRemoveUser,
  ...gatewayCommands,
  ...appCommands,
  doctor,
];

function help(): void {
  out("Gatehouse admin CLI\n\nUsage: gatehouse <command> [options]\n\nCommands:");
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const c of commands) out(`  ${c.name.padEnd(width)}  ${c.summary}`);
  out("\nRun `gatehouse <command> --help` for a command's options.");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    help();
    return 0;
  }
  const command = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (!command) throw new CliError(`Unknown command "${name}". Run \`gatehouse --help\` for the list.`);
  if (rest.includes("--help") || rest.includes("-h")) {
    out(`Usage: gatehouse ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  const args = parse(command, rest);
  if (command.prepares !== false) {
    instanceSecret();
    await migrate(env().databaseUrl);
  }
  await command.run(args);
  // E-mail notifications a command queued (lib/mail/notify.ts) go out before the process exits.
  await backgroundSettled();
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message = error instanceof CliError ? error.message : `Unexpected error: ${(error as Error).message?.split("\n")[0] ?? String(error)}`;
    process.stderr.write(`Error: ${message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 2);
  });

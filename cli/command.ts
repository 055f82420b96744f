import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "@/cli/io";

export type Command = {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  /** false: run without the usual preparation (instance secret, migrations) — `doctor` only looks. */
  prepares?: false;
  run(args: { positionals: string[]; values: Record<string, string | boolean | (string | boolean)[] | undefined> }): Promise<void>;
};

export function parse(command: Command, argv: string[]) {
  try {
    const { positionals, values } = parseArgs({ args: argv, options: command.options ?? {}, allowPositionals: true, strict: true });
    return { positionals, values };
  } catch (error) {
    throw new CliError(`${(error as Error).message.split("\n")[0]} — usage: gatehouse ${command.usage}`);
  }
}

export function requirePositionals(command: Command, positionals: string[], count: number, max = count): void {
  if (positionals.length < count || positionals.length > max) throw new CliError(`usage: gatehouse ${command.usage}`);
}

/** Values of a repeatable option as strings. */
export function many(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

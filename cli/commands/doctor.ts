import type { Command } from "@/cli/command";
import { CliError, out } from "@/cli/io";
import { diagnose } from "@/lib/doctor";
import { env } from "@/lib/env";

/** `gatehouse doctor`: one line per check (lib/doctor.ts); exit 1 when one failed. */
export const doctor: Command = {
  name: "doctor",
  usage: "doctor",
  summary: "Check the configuration, the database, SMTP and the message gateways (one line each)",
  prepares: false,
  async run() {
    // A configuration that does not parse stops the CLI before any command runs (bin/gatehouse.mjs prints it in one line).
    const findings = await diagnose(env());
    const width = Math.max(...findings.map((f) => f.subject.length));
    for (const f of findings) out(`${f.status.toUpperCase().padEnd(4)}  ${f.subject.padEnd(width)}  ${f.detail}`);
    const failed = findings.filter((f) => f.status === "fail").length;
    if (failed) throw new CliError(`${failed} check${failed === 1 ? "" : "s"} failed`);
  },
};

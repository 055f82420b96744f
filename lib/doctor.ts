import "server-only";
import { statSync } from "node:fs";
import path from "node:path";
import { databaseReachable } from "@/lib/health";
import { db } from "@/lib/db";
import { migrationsFor } from "@/lib/db/migrate";
import { env, type Env } from "@/lib/env";
import { gatewayChannels } from "@/lib/gateways";
import { isGatewayConfigured } from "@/lib/gateways/config";
import { checkGateway } from "@/lib/gateways/status";

/**
 * `gatehouse doctor`: what an operator checks before (or instead of) reading
 * logs — the configuration, the instance secret, the database and its
 * migrations, SMTP and each configured message gateway. One finding per thing,
 * worded to say what is wrong and what to do; "fail" makes the command exit 1.
 */

export type Finding = { subject: string; status: "ok" | "warn" | "fail"; detail: string };

export function configurationFinding(config: Env): Finding {
  const parts = [`${config.databaseKind} database`, `data in ${config.dataDir}`];
  parts.push(config.publicUrl ? `PUBLIC_URL ${config.publicUrl}` : "PUBLIC_URL unset");
  parts.push(`TRUST_PROXY ${config.trustProxy ? "on" : "off"}`);
  if (config.publicUrl?.startsWith("http://") && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(config.publicUrl)) {
    return { subject: "configuration", status: "warn", detail: `${parts.join(", ")} — PUBLIC_URL is not https: cookies are sent in clear` };
  }
  return { subject: "configuration", status: "ok", detail: parts.join(", ") };
}

export function secretFinding(config: Env): Finding {
  if (config.instanceSecret) return { subject: "instance secret", status: "ok", detail: "from INSTANCE_SECRET" };
  const file = path.join(config.dataDir, "instance.secret");
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) return { subject: "instance secret", status: "fail", detail: `${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it` };
    return { subject: "instance secret", status: "ok", detail: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { subject: "instance secret", status: "warn", detail: `${file} does not exist yet (npm start creates it)` };
    return { subject: "instance secret", status: "fail", detail: `${file} cannot be read: ${(error as Error).message}` };
  }
}

export async function databaseFinding(config: Env): Promise<Finding> {
  if (!(await databaseReachable())) {
    return { subject: "database", status: "fail", detail: `${config.databaseKind} database unreachable (check DATABASE_URL and that the server runs)` };
  }
  const known = migrationsFor(config.databaseKind).map((m) => m.name);
  let applied: string[] = [];
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    // No migrations table yet: nothing applied.
  }
  const pending = known.filter((m) => !applied.includes(m));
  const unknown = applied.filter((m) => !known.includes(m));
  if (unknown.length)
    return {
      subject: "database",
      status: "fail",
      detail: `applied migrations this version does not know (${unknown.join(", ")}): it is older than the database`,
    };
  if (pending.length) return { subject: "database", status: "warn", detail: `reachable, ${pending.length} migration(s) pending (npm start applies them)` };
  return { subject: "database", status: "ok", detail: `reachable, ${applied.length} migrations applied` };
}

export async function gatewayFindings(): Promise<Finding[]> {
  const findings: Finding[] = [];
  const unconfigured: string[] = [];
  for (const channel of gatewayChannels) {
    const subject = channel.id === "email" ? "smtp" : `gateway ${channel.id}`;
    if (!(await isGatewayConfigured(channel))) {
      if (channel.id === "email")
        findings.push({ subject, status: "warn", detail: "not configured: no e-mail codes or notices (SMTP_URL or gateway:configure email)" });
      else unconfigured.push(channel.id);
      continue;
    }
    const checked = await checkGateway(channel);
    if (!checked.ok) findings.push({ subject, status: "fail", detail: `not reachable — ${checked.error.kind}: ${checked.error.detail}`.replace(/\s+/g, " ") });
    else
      findings.push({
        subject,
        status: checked.unchecked ? "warn" : "ok",
        detail: (checked.unchecked ? `not checkable: ${checked.detail}` : checked.detail).replace(/\s+/g, " "),
      });
  }
  if (unconfigured.length) findings.push({ subject: "gateways", status: "ok", detail: `not configured: ${unconfigured.join(", ")}` });
  return findings;
}

export async function diagnose(config: Env = env()): Promise<Finding[]> {
  const database = await databaseFinding(config);
  const findings = [configurationFinding(config), secretFinding(config), database];
  // The gateways' settings live in the database: read once it is reachable and up to date.
  if (database.status === "ok") findings.push(...(await gatewayFindings()));
  else findings.push({ subject: "smtp", status: "warn", detail: "not checked: the database is not ready" });
  return findings;
}

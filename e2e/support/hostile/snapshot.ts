import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { E2E_SERVERS } from "../servers";

/**
 * "The database unchanged": a hash of every row of every table, taken before
 * and after the fuzz. Every table is listed here with how it is compared, so a
 * new table fails the test until someone decides whether hostile requests may
 * touch it.
 */

type Rule =
  /** Every row, every column, as it was. */
  | { compare: "exact"; ignore?: string[]; where?: string }
  /** Refused attempts are recorded here: no row may appear, rows may only do what the rule says. */
  | { compare: "attempts"; ignore: string[] }
  /** Append-only log: new rows only, and only of these types. */
  | { compare: "log"; allowed: string[] }
  /** Not compared, for the reason given. */
  | { compare: "skip"; why: string };

const TABLES: Record<string, Rule> = {
  User: { compare: "exact" },
  // Last activity, address, user agent and (forward auth) the app it was used on are written after a request that used the
  // token (at most once a minute): use, not change.
  AuthToken: { compare: "exact", ignore: ["lastActivity", "ip", "userAgent", "lastApp"] },
  TwoFactorProviderState: { compare: "exact" },
  // A hostile request trusts no browser and marks no factor preferred (issue #19).
  TrustedBrowser: { compare: "exact" },
  TwoFactorPreference: { compare: "exact" },
  // A hostile request reaches no signed-in password step, so it asks no signed-in device for approval.
  ApprovalRequest: { compare: "exact" },
  ProviderCredential: { compare: "exact" },
  // A security key's counter and last use move only on a verified answer, which no hostile request has.
  WebAuthnCredential: { compare: "exact" },
  // Confirmed secrets only: the set-up page starts a fresh enrolment each time it is shown (an unconfirmed secret is a page view's state).
  TotpSecret: { compare: "exact", where: `"confirmedAt" IS NOT NULL` },
  BackupCode: { compare: "exact" },
  MessageCode: { compare: "exact" },
  // A hostile request never sends a code message, so it takes nothing from a send budget.
  SendSlot: { compare: "exact" },
  GatewayRecipient: { compare: "exact" },
  GatewayConfig: { compare: "exact" },
  Group: { compare: "exact" },
  GroupMember: { compare: "exact" },
  AdminBypassCode: { compare: "exact" },
  AppConfig: { compare: "exact" },
  // The verify endpoints only read the protected apps; the admin's actions are sent only invalid requests.
  ProtectedApp: { compare: "exact" },
  // A wrong answer counts against its sign-in, and the fifth ends it (the attempt cap at work); a hostile request never starts one.
  LoginChallenge: { compare: "attempts", ignore: ["attempts"] },
  // Refused sign-ins and wrong codes are logged, as they should be; nothing else may appear.
  SecurityEvent: { compare: "log", allowed: ["sign_in.failed", "challenge.failed"] },
  ThrottleBucket: { compare: "skip", why: "counts refused attempts by design" },
  // Anyone may start a Login Flow or device grant (POST /api/v1/login/flow, /api/v1/device/code) and polling stamps it:
  // rows that give nothing until a signed-in user grants them. AuthToken (exact) catches any password a hostile request could collect.
  ClientGrant: { compare: "skip", why: "anonymous clients start sign-in requests by design" },
  WebAuthnChallenge: {
    compare: "skip",
    why: "a page view's or an options request's state (as an unconfirmed TOTP secret): single use, 5 minutes, proves nothing",
  },
  _prisma_migrations: { compare: "skip", why: "schema bookkeeping" },
};

export type Snapshot = Map<string, Map<string, { hash: string; row: Record<string, unknown> }>>;

function open(): Database.Database {
  return new Database(path.join(E2E_SERVERS.main.dataDir, "gatehouse.db"), { readonly: true, fileMustExist: true, timeout: 10_000 });
}

export function snapshot(): Snapshot {
  const db = open();
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    const unclassified = tables.map((t) => t.name).filter((name) => !(name in TABLES));
    if (unclassified.length) throw new Error(`snapshot: classify the new table(s) ${unclassified.join(", ")} in e2e/support/hostile/snapshot.ts`);
    const out: Snapshot = new Map();
    for (const { name } of tables) {
      const rule = TABLES[name]!;
      if (rule.compare === "skip") continue;
      const where = rule.compare === "exact" && rule.where ? ` WHERE ${rule.where}` : "";
      const ignore = new Set(rule.compare === "log" ? [] : (rule.ignore ?? []));
      const rows = new Map<string, { hash: string; row: Record<string, unknown> }>();
      for (const row of db.prepare(`SELECT rowid AS "__rowid", * FROM "${name}"${where}`).all() as Record<string, unknown>[]) {
        const { __rowid, ...columns } = row;
        const kept = Object.entries(columns).filter(([k]) => !ignore.has(k));
        rows.set(String(__rowid), { hash: createHash("sha256").update(JSON.stringify(kept)).digest("hex"), row: columns });
      }
      out.set(name, rows);
    }
    return out;
  } finally {
    db.close();
  }
}

/** What changed, one line per row, against each table's rule; empty when the fuzz left the database as it was. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const show = (row: Record<string, unknown>) => JSON.stringify(row).slice(0, 300);
  for (const [table, rows] of after) {
    const rule = TABLES[table]!;
    const old = before.get(table) ?? new Map();
    for (const [id, { hash, row }] of rows) {
      const was = old.get(id);
      if (rule.compare === "log") {
        if (!was && !(rule.allowed as unknown[]).includes(row.type)) out.push(`${table}: new ${show(row)}`);
        continue;
      }
      if (!was) out.push(`${table}: new row ${show(row)}`);
      else if (was.hash !== hash) out.push(`${table}: changed ${show(was.row)} → ${show(row)}`);
    }
    for (const [id, { row }] of old) {
      if (!rows.has(id) && rule.compare !== "attempts") out.push(`${table}: deleted ${show(row)}`);
    }
  }
  return out;
}

// Threat: docs/deployment.md's commands fail as written on the server they are for (a bare Debian, run as root), or leave the service's files with other owners and modes than the guide says.
import { spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const guide = readFileSync(path.join(root, "docs/deployment.md"), "utf8");
const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
const exists = (kind: "passwd" | "group", name: string) => spawnSync("getent", [kind, name]).status === 0;

/** The command lines of the ```sh blocks of one "## N." section of the guide, without their trailing comments. */
function guideCommands(section: number): string[] {
  const start = guide.indexOf(`\n## ${section}. `);
  const end = guide.indexOf("\n## ", start + 1);
  expect(start, `section ${section}`).toBeGreaterThan(-1);
  const text = guide.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split("\n"))
    .map((l) => l.replace(/\s{2,}#.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** The one line of section `section` that starts with `start`. */
function command(section: number, start: string): string {
  const found = guideCommands(section).filter((l) => l.startsWith(start));
  expect(found, `§ ${section}: one command starting with "${start}"`).toHaveLength(1);
  return found[0]!;
}

/**
 * These tests run the guide's commands as root, as the guide does, but with a temporary folder in
 * place of the server's root directory: each absolute path of the guide is moved under it, and the
 * example repository URL is this checkout. The system user `gatehouse` is created for real (by the
 * guide's adduser) and removed afterwards, so they run only in CI (CI=true, as .ci/run sets), as
 * root, where no such user exists yet, and in the SQLite run of scripts/test.mjs only (the
 * PostgreSQL run, side by side with it, would create the same user at the same time).
 */
const fakeRoot = mkdtempSync(path.join(tmpdir(), "gatehouse-guide-"));
const moved = (line: string) => line.replaceAll("https://example.org/gatehouse.git", root).replace(/(^|[\s'=])\/(etc|opt|var)\//g, `$1${fakeRoot}/$2/`);
const at = (p: string) => path.join(fakeRoot, p);

function run(line: string, cwd = fakeRoot): string {
  const r = spawnSync("sh", ["-c", moved(line)], { cwd, encoding: "utf8" });
  expect(r.status, `${moved(line)}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
const owner = (p: string) => spawnSync("stat", ["-c", "%U:%G", p], { encoding: "utf8" }).stdout.trim();

const runnable =
  process.env.CI === "true" &&
  process.getuid?.() === 0 &&
  !process.env.DATABASE_URL?.startsWith("postgres") &&
  has("adduser") &&
  has("runuser") &&
  !exists("passwd", "gatehouse") &&
  !exists("group", "gatehouse");

describe.skipIf(!runnable)("docs/deployment.md's commands, as root in a temporary root directory", () => {
  beforeAll(() => {
    // What a Debian server with the guide's packages (nginx) already has; / is world-readable there too.
    chmodSync(fakeRoot, 0o755);
    for (const dir of ["etc/systemd/system", "etc/ssl", "etc/nginx/sites-available", "etc/nginx/sites-enabled", "opt", "var/lib"])
      mkdirSync(at(dir), { recursive: true });
  });
  afterAll(() => {
    if (exists("passwd", "gatehouse")) spawnSync("deluser", ["--system", "gatehouse"]);
    if (exists("group", "gatehouse")) spawnSync("delgroup", ["--system", "gatehouse"]);
    rmSync(fakeRoot, { recursive: true, force: true });
  });

  it("§ 1: a system user whose home is the data folder (0700), and the code checked out and owned by it", () => {
    run(command(1, "adduser "));
    run(command(1, "chmod 700 "));
    expect(exists("group", "gatehouse")).toBe(true);
    const user = spawnSync("getent", ["passwd", "gatehouse"], { encoding: "utf8" }).stdout.trim().split(":");
    expect(user[5]).toBe(at("var/lib/gatehouse"));
    expect(user[6]).toMatch(/\/(nologin|false)$/);
    expect(mode(at("var/lib/gatehouse"))).toBe("700");
    expect(owner(at("var/lib/gatehouse"))).toBe("gatehouse:gatehouse");

    run(command(1, "git clone "));
    expect(owner(at("opt/gatehouse"))).toBe("gatehouse:gatehouse");
    expect(owner(at("opt/gatehouse/deploy/gatehouse.env.example"))).toBe("gatehouse:gatehouse");
  });

  it("§ 3: the configuration folder and file (root:gatehouse 0750 and 0640), and the unit in place", () => {
    const code = at("opt/gatehouse");
    run(command(3, "install -d "), code);
    run(command(3, "install -m 0640 "), code);
    run(command(3, "cp deploy/systemd/"), code);
    expect([mode(at("etc/gatehouse")), owner(at("etc/gatehouse"))]).toEqual(["750", "root:gatehouse"]);
    expect([mode(at("etc/gatehouse/gatehouse.env")), owner(at("etc/gatehouse/gatehouse.env"))]).toEqual(["640", "root:gatehouse"]);
    expect(readFileSync(at("etc/systemd/system/gatehouse@.service"), "utf8")).toBe(readFileSync(path.join(root, "deploy/systemd/gatehouse@.service"), "utf8"));
  });

  it("§ 3: the doctor command, as the gatehouse user, on the env file edited as the guide says", () => {
    // "then edit it": SQLite in the data folder here (the guide's PostgreSQL is § 2), and the optional settings switched on.
    const env = at("etc/gatehouse/gatehouse.env");
    const edited = readFileSync(env, "utf8")
      .replace(/^DATABASE_URL=.*$/m, `DATABASE_URL=file:${at("var/lib/gatehouse/gatehouse.db")}`)
      .replace(/^GATEHOUSE_DATA_DIR=.*$/m, `GATEHOUSE_DATA_DIR=${at("var/lib/gatehouse")}`)
      .replace(/^#(MAIL_FROM|LOG_LEVEL)=/gm, "$1=");
    writeFileSync(env, edited);
    // In place of § 1's `npm install` and build, which this test does not run: this checkout's packages.
    for (const installed of ["node_modules", "lib/generated"]) symlinkSync(path.join(root, installed), at(`opt/gatehouse/${installed}`));
    const doctor = run(command(3, "runuser -u gatehouse -- sh -c"));
    const lines = doctor.trim().split("\n");
    expect(lines[0]).toMatch(
      new RegExp(`^OK\\s+configuration\\s+sqlite database, data in ${at("var/lib/gatehouse")}, PUBLIC_URL https://auth\\.example\\.org, TRUST_PROXY on$`),
    );
    expect(lines.find((l) => /^\S+\s+database\s/.test(l))).toMatch(/^WARN .*migration\(s\) pending/);
    expect(lines.filter((l) => l.startsWith("FAIL"))).toEqual([]);
  });

  it("§ 4: the TLS folder (0700) and the nginx site, enabled", () => {
    const code = at("opt/gatehouse");
    run(command(4, "install -d "), code);
    expect(mode(at("etc/ssl/gatehouse"))).toBe("700");
    run(command(4, "cp deploy/nginx/"), code);
    const enabled = at("etc/nginx/sites-enabled/gatehouse");
    expect(lstatSync(enabled).isSymbolicLink()).toBe(true);
    expect(readlinkSync(enabled)).toBe("../sites-available/gatehouse");
    expect(readFileSync(enabled, "utf8")).toBe(readFileSync(path.join(root, "deploy/nginx/gatehouse.conf"), "utf8"));
  });
});

// Threat: the deployment guide's nginx config, systemd unit or env file does not load as written (or loads other values in sh than in systemd), or the unit starts something other than `npm start`'s server (so SIGTERM misses it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npmStartArgs } from "@/bench/server";

const root = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-deploy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;

describe.skipIf(!has("nginx") || !has("openssl"))("deploy/nginx/gatehouse.conf", () => {
  it("passes nginx -t with a self-signed certificate in place of the real one", () => {
    const tls = path.join(dir, "tls");
    mkdirSync(tls);
    const cert = spawnSync("openssl", [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=auth.example.org"],
      ...["-keyout", path.join(tls, "privkey.pem"), "-out", path.join(tls, "fullchain.pem")],
    ]);
    expect(cert.status, cert.stderr.toString()).toBe(0);
    const site = readFileSync(path.join(root, "deploy/nginx/gatehouse.conf"), "utf8");
    expect(site).toContain("/etc/ssl/gatehouse/");
    writeFileSync(path.join(dir, "gatehouse.conf"), site.replaceAll("/etc/ssl/gatehouse/", `${tls}/`));
    // What Debian's /etc/nginx/nginx.conf around sites-enabled/ amounts to, with this folder for nginx's own files.
    writeFileSync(
      path.join(dir, "nginx.conf"),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n  fastcgi_temp_path ${dir};\n  uwsgi_temp_path ${dir};\n  scgi_temp_path ${dir};\n  include ${dir}/gatehouse.conf;\n}\n`,
    );
    const tested = spawnSync("nginx", ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
    expect(tested.stderr).toContain("syntax is ok");
    expect(tested.stderr).toContain("test is successful");
    expect(tested.status).toBe(0);
  });
});

describe("deploy/systemd/gatehouse@.service", () => {
  const unit = readFileSync(path.join(root, "deploy/systemd/gatehouse@.service"), "utf8");

  it("runs exactly package.json's start script, with node's path", () => {
    const exec = /^ExecStart=(\S+) (.+)$/m.exec(unit);
    expect(exec?.[1]).toBe("/usr/bin/node");
    expect(exec?.[2]!.split(" ")).toEqual(npmStartArgs(root));
  });

  it.skipIf(!has("systemd-analyze"))("passes systemd-analyze verify without a warning", () => {
    const units = path.join(dir, "units");
    mkdirSync(units);
    // This machine's node where Debian's would be, so that verify finds the executable.
    writeFileSync(path.join(units, "gatehouse@.service"), unit.replace("ExecStart=/usr/bin/node ", `ExecStart=${process.execPath} `));
    const verified = spawnSync("systemd-analyze", ["verify", path.join(units, "gatehouse@3000.service")], { encoding: "utf8" });
    expect(verified.stderr).toBe("");
    expect(verified.status).toBe(0);
  });

  it("keeps the stop grace (10 s in scripts/serve.ts) inside systemd's stop timeout", () => {
    const serve = readFileSync(path.join(root, "scripts/serve.ts"), "utf8");
    const grace = Number(/const STOP_GRACE_MS = ([\d_]+);/.exec(serve)?.[1]?.replaceAll("_", ""));
    const timeout = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1]);
    expect(grace).toBe(10_000);
    expect(timeout * 1000).toBeGreaterThan(grace);
  });
});

const example = path.join(root, "deploy/gatehouse.env.example");
/** The example with its commented-out settings switched on (`#NAME=…` → `NAME=…`), as an operator fills it in. */
const uncommented = () => readFileSync(example, "utf8").replace(/^#(?=[A-Z_]+=)/gm, "");

/**
 * What each setting of an env file is meant to be, in the one form both of its readers agree on:
 * a bare value without blanks or characters sh treats specially, or a value in double quotes
 * holding none of $ " ` \ (systemd's EnvironmentFile= takes one level of double quotes off and
 * expands nothing; sh takes them off too, but would expand $, ` and \ inside them).
 */
function intended(file: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of file.split("\n").filter((l) => /^[A-Z_]+=/.test(l))) {
    const [, name, value] = /^([A-Z_]+)=(.*)$/.exec(line)!;
    const quoted = /^"([^"$`\\]*)"$/.exec(value!);
    expect(quoted || /^[^\s"'$`\\<>|&;()*?[\]{}~#]*$/.test(value!), `${name}: quote it, or take out what sh or systemd would read differently`).toBeTruthy();
    settings[name!] = quoted ? quoted[1]! : value!;
  }
  return settings;
}

describe("deploy/gatehouse.env.example", () => {
  it("is a configuration lib/env.ts accepts", async () => {
    const { parseEnv } = await import("@/lib/env");
    const vars = intended(readFileSync(example, "utf8"));
    expect(Object.keys(vars)).toEqual(["PUBLIC_URL", "TRUST_PROXY", "DATABASE_URL", "GATEHOUSE_DATA_DIR"]);
    const parsed = parseEnv(vars);
    expect(parsed).toMatchObject({ trustProxy: true, databaseKind: "postgresql", dataDir: "/var/lib/gatehouse", publicUrl: "https://auth.example.org" });
  });

  it("with every setting switched on, sources in sh (as docs/deployment.md § 3 does) to the values meant", () => {
    const file = path.join(dir, "sourced.env");
    writeFileSync(file, uncommented());
    const sourced = spawnSync("sh", ["-c", 'set -a; . "$0"; exec env -0', file], { encoding: "utf8", env: { NODE_ENV: "test", PATH: process.env.PATH } });
    expect(sourced.stderr).toBe("");
    expect(sourced.status).toBe(0);
    const env = Object.fromEntries(sourced.stdout.split("\0").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    const meant = intended(uncommented());
    expect(Object.keys(meant)).toHaveLength(9);
    expect(meant.MAIL_FROM).toBe("Gatehouse <gatehouse@example.org>");
    for (const [name, value] of Object.entries(meant)) expect(env[name], name).toBe(value);
  });

  // systemd's own reader of env files (env-file.c), the one EnvironmentFile= uses, run by its
  // environment.d generator. Where that generator differs from EnvironmentFile= — it drops an empty
  // assignment and expands $ — the example has nothing of the kind (intended() refuses a $).
  const generator = "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator";
  it.skipIf(!existsSync(generator))("with every setting switched on, reads as the same values with systemd's env-file parser", () => {
    const config = path.join(dir, "xdg");
    mkdirSync(path.join(config, "environment.d"), { recursive: true });
    writeFileSync(path.join(config, "environment.d", "gatehouse.conf"), uncommented());
    const read = spawnSync(generator, [], { encoding: "utf8", env: { NODE_ENV: "test", XDG_CONFIG_HOME: config, XDG_CONFIG_DIRS: path.join(config, "none") } });
    expect(read.status).toBe(0);
    // Printed one per line, double-quoted (with \ before " \ $ `) where a shell needs it.
    const unquote = (v: string) => (/^".*"$/.test(v) ? v.slice(1, -1).replace(/\\(["\\$`])/g, "$1") : v);
    const env = Object.fromEntries(
      read.stdout
        .trim()
        .split("\n")
        .map((kv) => [kv.slice(0, kv.indexOf("=")), unquote(kv.slice(kv.indexOf("=") + 1))]),
    );
    const meant = Object.entries(intended(uncommented())).filter(([, value]) => value !== "");
    expect(meant).toHaveLength(7);
    for (const [name, value] of meant) expect(env[name], name).toBe(value);
  });
});

// Threat: the deployment guide's nginx config or systemd unit does not load as written, or the unit starts something other than `npm start`'s server (so SIGTERM misses it).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

describe("deploy/gatehouse.env.example", () => {
  it("is a configuration lib/env.ts accepts", async () => {
    const { parseEnv } = await import("@/lib/env");
    const lines = readFileSync(path.join(root, "deploy/gatehouse.env.example"), "utf8").split("\n");
    const vars = Object.fromEntries(lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    expect(Object.keys(vars)).toEqual(["PUBLIC_URL", "TRUST_PROXY", "DATABASE_URL", "GATEHOUSE_DATA_DIR"]);
    const parsed = parseEnv(vars);
    expect(parsed).toMatchObject({ trustProxy: true, databaseKind: "postgresql", dataDir: "/var/lib/gatehouse", publicUrl: "https://auth.example.org" });
  });
});

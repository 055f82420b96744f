import { createServer, type Server } from "node:http";

/**
 * The "app" behind the proxy in the forward-auth tests: echoes the Remote-* (and
 * X-Remote-*) headers it received, as JSON, or for a browser as a page that
 * greets the signed-in user by name.
 */
export function echoServer(): Server {
  return createServer((req, res) => {
    const remote = Object.fromEntries(Object.entries(req.headers).filter(([k]) => /^(x-)?remote-/.test(k)));
    if ((req.headers.accept ?? "").includes("text/html")) {
      const name = Buffer.from(String(req.headers["remote-name"] ?? ""), "latin1").toString("utf8");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Echo</title><h1>Hello ${escapeHtml(name)}</h1><pre id="headers">${escapeHtml(JSON.stringify(remote))}</pre>`);
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path: req.url, method: req.method, remote }));
    }
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// Threat: a hand-made request that Next.js cannot decode — a broken path, a body it chokes on, a forged Origin, a body with no length, an odd method — gets a 500 (and an error in the log) instead of a clear 4xx.
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/net/limits";
import { actionBodyProblem, earlyRefusal, foreignOrigin, malformedPath, refuseMalformed } from "@/lib/net/request-guard";

const ACTION = "60478fb05eab6d290fe6d014e9f830449b325113ff";

/** A multipart body as a browser sends it; `raw` puts bytes in a part's header as they are. */
function multipart(parts: { name: string; value: string; filename?: string }[], raw = false) {
  const boundary = "----test-boundary";
  const body = Buffer.concat([
    ...parts.map((p) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${raw ? p.name : p.name.replace(/"/g, "%22")}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n\r\n${p.value}\r\n`,
        raw ? "latin1" : "utf8",
      ),
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

const fetchAction = (contentType: string, body: string | Buffer) =>
  actionBodyProblem(new Headers({ "next-action": ACTION, "content-type": contentType }), new Uint8Array(Buffer.from(body)).buffer);
const noScript = (m: { contentType: string; body: Buffer }) => actionBodyProblem(new Headers({ "content-type": m.contentType }), new Uint8Array(m.body).buffer);

describe("what scripts/serve.ts refuses from the headers alone", () => {
  it("refuses a declared body over the limit, a body without a length, and methods Next has no answer for", () => {
    expect(earlyRefusal("POST", { "content-length": String(MAX_BODY_BYTES + 1) })).toBe("payload_too_large");
    expect(earlyRefusal("POST", { "content-length": String(MAX_BODY_BYTES) })).toBeNull();
    expect(earlyRefusal("POST", { "transfer-encoding": "chunked" })).toBe("length_required");
    expect(earlyRefusal("TRACE", {})).toBe("method_not_allowed");
    expect(earlyRefusal("PROPFIND", {})).toBe("method_not_allowed");
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(earlyRefusal(method, {})).toBeNull();
  });
});

describe("broken paths and foreign origins", () => {
  it("finds percent-encoding that does not decode", () => {
    expect(malformedPath("/login/challenge/%FF")).toBe(true);
    expect(malformedPath("/admin/security/users/%E0%A4%A")).toBe(true);
    expect(malformedPath("/a/%")).toBe(true);
    expect(malformedPath("/admin/security/users/a%40b")).toBe(false);
    expect(malformedPath("/login/challenge/%C3%A9")).toBe(false);
  });

  it("takes no Origin or this host's, and nothing else (Next answers those with 500)", () => {
    const h = (origin: string | null, host = "gate.example", forwarded?: string) =>
      new Headers({ host, ...(origin === null ? {} : { origin }), ...(forwarded ? { "x-forwarded-host": forwarded } : {}) });
    expect(foreignOrigin(h(null))).toBe(false);
    expect(foreignOrigin(h("https://gate.example"))).toBe(false);
    expect(foreignOrigin(h("https://gate.example", "127.0.0.1:3000", "gate.example, proxy"))).toBe(false);
    for (const origin of ["https://evil.example", "null", "garbage", "http://[::1", "file://", "https://gate.example.evil.example"]) {
      expect(foreignOrigin(h(origin)), origin).toBe(true);
    }
  });
});

describe("server-action bodies", () => {
  it("lets through what Gatehouse's forms send", async () => {
    expect(
      await fetchAction("text/plain;charset=UTF-8", JSON.stringify([null, "x", "$$escaped", "$undefined", { ok: false, values: { login: "ä" } }, true])),
    ).toBeNull();
    const form = multipart([
      { name: "_1_login", value: "alice" },
      { name: "_1_password", value: "pw\u0000 with anything" },
      { name: "0", value: '["totp",null,"$K1"]' },
    ]);
    expect(await fetchAction(form.contentType, form.body)).toBeNull();
    const bound = multipart([
      { name: "$ACTION_REF_1", value: "" },
      { name: "$ACTION_1:0", value: `{"id":"${ACTION}","bound":"$@1"}` },
      { name: "$ACTION_1:1", value: '["totp","/",null]' },
      { name: "$ACTION_KEY", value: "k0123" },
      { name: "code", value: "123456" },
    ]);
    expect(await noScript(bound)).toBeNull();
    expect(
      await noScript(
        multipart([
          { name: `$ACTION_ID_${ACTION}`, value: "" },
          { name: "login", value: "x" },
        ]),
      ),
    ).toBeNull();
  });

  it("refuses what React's decoder would throw on", async () => {
    const cases: [string, string | Buffer][] = [
      ["text/plain", "[null,"],
      ["text/plain", '{"0":1}'],
      ["text/plain", '"args"'],
      ["text/plain", JSON.stringify(Array.from({ length: 1001 }, () => 0))],
      ["text/plain", `${"[".repeat(5000)}${"]".repeat(5000)}`],
      ["text/plain", '["$@1"]'],
      ["text/plain", '["$1:a:b"]'],
      ["text/plain", '[{"a":["$Q1"]}]'],
      ["text/plain", '["$K1"]'], // a FormData needs a multipart body
      ["text/plain", '["$n12x"]'],
      ["application/json", Buffer.from([0x5b, 0xff, 0xfe])],
    ];
    for (const [type, body] of cases) expect(await fetchAction(type, body), String(body).slice(0, 40)).not.toBeNull();
  });

  it("refuses multipart bodies that do not parse, lack their root, or carry a control character in a part's header", async () => {
    const root = multipart([{ name: "0", value: "[]" }]);
    expect(await fetchAction(root.contentType, root.body.subarray(0, 30))).not.toBeNull();
    expect(await fetchAction("multipart/form-data; boundary=other", root.body)).not.toBeNull();
    const noRoot = multipart([{ name: "1", value: "[]" }]);
    expect(await fetchAction(noRoot.contentType, noRoot.body)).not.toBeNull();
    const asFile = multipart([{ name: "0", value: "[]", filename: "root.json" }]);
    expect(await fetchAction(asFile.contentType, asFile.body)).not.toBeNull();
    const missingPart = multipart([{ name: "0", value: '["$1"]' }]);
    expect(await fetchAction(missingPart.contentType, missingPart.body)).not.toBeNull();
    // busboy, which Next reads these with, throws "Malformed part header" (and Next answers 500); undici would not.
    const control = multipart(
      [
        { name: "_1_a\u0001b", value: "x" },
        { name: "0", value: '[null,"$K1"]' },
      ],
      true,
    );
    expect(await fetchAction(control.contentType, control.body)).toBe("a part's header is malformed");
  });

  it("refuses a form posted without JavaScript whose hidden fields are broken", async () => {
    for (const descriptor of ["{", `{"id":"${ACTION}","bound":"$@2"}`, `{"id":"${ACTION}","bound":{"a":1}}`, '{"id":7}']) {
      const body = multipart([
        { name: "$ACTION_REF_1", value: "" },
        { name: "$ACTION_1:0", value: descriptor },
        { name: "$ACTION_1:1", value: "[]" },
      ]);
      expect(await noScript(body), descriptor).not.toBeNull();
    }
  });

  it("answers 400, 403 or nothing before the page runs", async () => {
    const post = (headers: Record<string, string>, body: string) =>
      new Request("http://gate.example/login", { method: "POST", headers: { host: "gate.example", ...headers }, body });
    expect((await refuseMalformed(new Request("http://gate.example/x/%FF"), "/x/%FF"))?.status).toBe(400);
    expect((await refuseMalformed(post({ "next-action": ACTION, origin: "https://evil.example" }, "[]"), "/login"))?.status).toBe(403);
    expect((await refuseMalformed(post({ "next-action": ACTION, "content-type": "text/plain" }, "[null,"), "/login"))?.status).toBe(400);
    expect(await refuseMalformed(post({ "next-action": ACTION, "content-type": "text/plain", origin: "http://gate.example" }, "[null]"), "/login")).toBeNull();
    expect(await refuseMalformed(post({ "content-type": "application/x-www-form-urlencoded" }, "a=b"), "/login")).toBeNull();
  });
});

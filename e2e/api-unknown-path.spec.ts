// Threat: a hand-made request that makes the server fail (500, a stack in the log) instead of refusing it.
// Next renders its HTML not-found page for an /api/ address no route answers, and decodes a multipart POST to
// a page as a server-action form first: a broken body there was a 500 (found by the hostile-input fuzz).
import { expect, test } from "./fixtures";

for (const path of ["/api/nothing", "/api/v1/login/me", "/api/v1/login/flow/%2e%2e/me"]) {
  test(`an API address no route answers is a JSON 404 for any method and body: ${path}`, async ({ request }) => {
    const broken = await request.post(path, { headers: { "content-type": "multipart/form-data" }, data: "null" });
    expect(broken.status()).toBe(404);
    expect(await broken.json()).toEqual({ error: "not_found", message: "No API route at this address." });
    for (const method of ["GET", "PUT", "DELETE"]) expect((await request.fetch(path, { method })).status()).toBe(404);
  });
}

test("the API routes next to the catch-all still answer", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.post("/api/v1/login/flow", { headers: { "content-type": "multipart/form-data" }, data: "null" })).status()).not.toBe(500);
});

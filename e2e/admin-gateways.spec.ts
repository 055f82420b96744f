import { expect, test } from "./fixtures";
import { cli, createUser } from "./support/gatehouse";
import { recordSecret } from "./support/secrets";
import { startThreemaFake, THREEMA_FROM, THREEMA_SECRET, type ThreemaFake } from "../test/fakes/threema";

// The admin page configures a gateway with the same functions as `gateway:configure`.

let threema: ThreemaFake;
test.beforeAll(async () => {
  recordSecret("Threema API secret", THREEMA_SECRET);
  threema = await startThreemaFake();
});
test.afterAll(async () => {
  try {
    cli(["gateway:remove", "threema"]);
  } finally {
    await threema.close();
  }
});

test("an admin configures Threema on the admin page; the secret is never shown again; bad input changes nothing", async ({ page, loginPage }) => {
  const admin = createUser({ admin: true });
  await loginPage.goto("/admin/security");
  await loginPage.signIn(admin.login, admin.password);
  await page.locator("summary", { hasText: "Threema" }).click();
  const form = page.getByRole("form", { name: "Threema settings" });

  await form.getByLabel("Threema Gateway URL").fill("ftp://example.test");
  await form.getByLabel("Gateway ID").fill(THREEMA_FROM);
  await form.getByLabel("API secret").fill(THREEMA_SECRET);
  await form.getByRole("button", { name: "Save Threema" }).click();
  await expect(form.getByText(/http/i).first()).toBeVisible();
  expect(cli(["gateway:status"])).toMatch(/threema\s+(no|not configured)/i);

  await form.getByLabel("Threema Gateway URL").fill(threema.url);
  await form.getByLabel("API secret").fill(THREEMA_SECRET);
  await form.getByRole("button", { name: "Save Threema" }).click();
  await expect(page.getByText(/Threema saved/)).toBeVisible();

  await page.reload();
  expect(await page.content()).not.toContain(THREEMA_SECRET);
  await page.locator("summary", { hasText: "Threema" }).click();
  await expect(page.getByRole("form", { name: "Threema settings" }).getByLabel("API secret")).toHaveValue("");
  await page.getByRole("button", { name: "Check connection" }).click();
  await expect(page.getByText(/Threema is reachable/)).toBeVisible();
});

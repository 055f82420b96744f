// Threat: the browser that proves "the owner signed in here before" could be forged, read by a script, or forgotten within days.
import { expect, test } from "./fixtures";

test("a sign-in gives the browser a long-lived HttpOnly device cookie naming the login, and a new one each time", async ({
  page,
  loginPage,
  user,
  context,
}) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();

  const device = async () => (await context.cookies()).find((c) => c.name === "gatehouse-device");
  const first = await device();
  expect(first).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(first!.expires * 1000 - Date.now()).toBeGreaterThan(89 * 24 * 3600 * 1000);
  const [name, nonce, mac] = first!.value.split(".");
  expect(Buffer.from(name!, "base64url").toString()).toBe(user.login.toLowerCase());
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
  expect((await device())!.value).not.toBe(first!.value);
});

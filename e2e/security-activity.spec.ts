// Threat: a break-in the owner cannot see — their security page lists recent sign-ins and failed attempts, with address and browser.
import { expect, test } from "./fixtures";

test("the security page lists a failed attempt and the sign-in, newest first, with IP and browser", async ({ page, loginPage, user }) => {
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, "not the password");
  await expect(loginPage.alert).toHaveText("Wrong login or password.");
  await loginPage.signIn(user.login, user.password);

  const activity = page.getByRole("region", { name: "Recent security activity" });
  await expect(activity).toBeVisible();
  const events = activity.getByRole("listitem");
  await expect(events.nth(0)).toContainText("Signed in");
  await expect(events.nth(0)).toContainText("just now");
  await expect(events.nth(0)).toContainText(/IP 198\.18\.\d+\.\d+ · Chrome on \w+/);
  await expect(events.nth(1)).toContainText("Failed sign-in attempt");
  await expect(events.nth(2)).toContainText("Account created by the command line");
});

import { expect, test } from "./fixtures";
import { MessageCodePanel } from "./pages/message-code-panel";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPage } from "./pages/two-factor-page";
import { cli, sql } from "./support/gatehouse";
import { recordSecret } from "./support/secrets";
import { startSmtpFake, type SmtpFake } from "../test/fakes/smtp";
import { startTelegramFake, BOT_TOKEN, type TelegramFake } from "../test/fakes/telegram";

// Codes by e-mail (a real SMTP sink) and by Telegram (a local Bot API), configured
// with the CLI as an admin would, set up and used through the browser.

let smtp: SmtpFake;
let telegram: TelegramFake;

test.beforeAll(async () => {
  recordSecret("Telegram bot token", BOT_TOKEN);
  [smtp, telegram] = await Promise.all([startSmtpFake(), startTelegramFake()]);
  cli(["gateway:configure", "email", "--smtp-url", smtp.url(), "--from", "Gatehouse <gatehouse@example.test>", "--no-check"]);
  cli(
    ["gateway:configure", "telegram", "--url", telegram.url, "--bot-username", "gatehouse_test_bot", "--stdin-field", "token", "--no-check"],
    `${BOT_TOKEN}\n`,
  );
});

test.afterAll(async () => {
  cli(["gateway:remove", "email"]);
  cli(["gateway:remove", "telegram"]);
  await Promise.all([smtp.close(), telegram.close()]);
});

const codeIn = (text: string | undefined) => recordSecret("message code", /\b(\d{6})\b/.exec(text ?? "")?.[1] ?? "");

test("e-mail codes: verify an address in settings, then sign in with the mailed code", async ({ page, loginPage, user }) => {
  const address = `${user.login}@example.test`;
  const mailsTo = () => smtp.mails.filter((m) => m.to.includes(address));
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const email = new MessageCodePanel(page, "E-mail", "E-mail address");
  // The weaker channel says so where it is set up (ASVS 6.6.1).
  await expect(page.getByText("Anyone who can read your mailbox can read these codes too.", { exact: false })).toBeVisible();

  await email.recipient.fill("not an address");
  await email.send.click();
  await expect(page.getByText("That is not a valid e-mail address.")).toBeVisible();
  expect(mailsTo()).toHaveLength(0);

  await email.recipient.fill(address);
  await email.send.click();
  await expect(page.getByText(/We sent a code via E-mail to [a-z]•••@example\.test/)).toBeVisible();
  await expect.poll(() => mailsTo().length).toBe(1);
  await email.code.fill("000000");
  await email.verify.click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await email.code.fill(codeIn(mailsTo()[0]!.text));
  await email.verify.click();
  await expect(email.state).toContainText("On");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/email/);
  // Opening the page sends nothing: the code goes out when the user asks for it.
  await expect(page.getByText(/We will send a 6-digit code via E-mail to [a-z]•••@example\.test\./)).toBeVisible();
  await page.reload();
  expect(mailsTo()).toHaveLength(1);
  await page.getByRole("button", { name: "Send code", exact: true }).click();
  await expect(page.getByText(/Enter the 6-digit code we sent via E-mail to [a-z]•••@example\.test\./)).toBeVisible();
  await expect.poll(() => mailsTo().length).toBe(2);
  // A reload sends nothing new; "Send a new code" waits for the cooldown.
  await page.reload();
  await expect(page.getByText(/You can ask for a new code from \d\d:\d\d:\d\d UTC\./)).toBeVisible();
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByText(/You can ask for a new code in \d+ seconds\./)).toBeVisible();
  expect(mailsTo()).toHaveLength(2);

  await page.getByLabel("Code", { exact: true }).fill(codeIn(mailsTo()[1]!.text));
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});

test("Telegram: a failed send says why and offers backup codes; a new code works once the bot API is back", async ({ page, loginPage, user }) => {
  const chatId = String(800000000 + Math.floor(Math.random() * 1000000));
  telegram.chats.add(chatId);
  const toChat = () => telegram.sent.filter((m) => m.chatId === chatId);
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const panel = new MessageCodePanel(page, "Telegram", "Chat id");
  await expect(page.getByText(/Open a chat with @gatehouse_test_bot/)).toBeVisible();
  await panel.recipient.fill(chatId);
  await panel.send.click();
  await expect.poll(() => toChat().length).toBe(1);
  await panel.code.fill(codeIn(toChat()[0]!.text));
  await panel.verify.click();
  await expect(panel.state).toContainText("On");
  const security = new TwoFactorPage(page);
  await security.generateBackupCodes.click();
  await expect(security.backupCodes).toHaveCount(10);
  await security.savedCodes.click();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  telegram.mode = "error500";
  await loginPage.signIn(user.login, user.password);
  await expect(page).toHaveURL(/\/login\/challenge\/telegram/);
  await page.getByRole("button", { name: "Send code", exact: true }).click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("The code could not be sent via Telegram: the gateway reported an error.");
  await expect(alert).not.toContainText("Internal Server Error");
  await expect(page.getByRole("link", { name: "Use a backup code" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Try another way" })).toBeVisible();
  const attempts = telegram.requests.filter((r) => r.path.endsWith("/sendMessage")).length;
  await page.reload();
  await expect(alert).toContainText("could not be sent via Telegram");
  expect(telegram.requests.filter((r) => r.path.endsWith("/sendMessage")).length).toBe(attempts);

  // The bot API is back; a minute has passed.
  telegram.mode = "ok";
  sql("UPDATE MessageCode SET sentAt = ? WHERE purpose = 'login' AND userId = (SELECT id FROM User WHERE login = ?)", Date.now() - 61_000, user.login);
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByText(/Enter the 6-digit code we sent via Telegram to ••••\d{3}\./)).toBeVisible();
  await expect.poll(() => toChat().length).toBe(2);
  await page.getByLabel("Code", { exact: true }).fill(codeIn(toChat()[1]!.text));
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByTestId("signed-in-login")).toHaveText(user.login);
});

test("without JavaScript: a code only on 'Send code', and past the budget the time of the next one and the other ways in", async ({
  browser,
  page,
  loginPage,
  user,
}) => {
  const address = `${user.login}@example.test`;
  const mailsTo = () => smtp.mails.filter((m) => m.to.includes(address));
  await loginPage.goto("/settings/security");
  await loginPage.signIn(user.login, user.password);
  const email = new MessageCodePanel(page, "E-mail", "E-mail address");
  await email.recipient.fill(address);
  await email.send.click();
  await expect.poll(() => mailsTo().length).toBe(1);
  await email.code.fill(codeIn(mailsTo()[0]!.text));
  await email.verify.click();
  await expect(email.state).toContainText("On");
  const security = new TwoFactorPage(page);
  await security.generateBackupCodes.click();
  await expect(security.backupCodes).toHaveCount(10);

  const context = await browser.newContext({
    javaScriptEnabled: false,
    extraHTTPHeaders: { "x-forwarded-for": `198.18.253.${1 + Math.floor(Math.random() * 254)}` },
  });
  try {
    const noScript = await context.newPage();
    const login = new LoginPage(noScript);
    // The set-up code was the first of the hour's 5 messages: four sign-ins get one each.
    for (let i = 1; i <= 4; i++) {
      await login.goto();
      await login.signIn(user.login, user.password);
      await expect(noScript).toHaveURL(/\/login\/challenge\/email/);
      await noScript.reload();
      expect(mailsTo()).toHaveLength(i);
      await noScript.getByRole("button", { name: "Send code", exact: true }).click();
      await expect(noScript.getByLabel("Code", { exact: true })).toBeVisible();
      await expect.poll(() => mailsTo().length).toBe(i + 1);
      await noScript.getByRole("button", { name: "Cancel and sign in again" }).click();
      await expect(noScript).toHaveURL(/\/login/);
    }
    await login.goto();
    await login.signIn(user.login, user.password);
    await expect(noScript).toHaveURL(/\/login\/challenge\/email/);
    await expect(noScript.getByRole("main").getByRole("alert")).toHaveText(
      /^Too many codes were asked for\. The next code can be sent via E-mail at \d\d:\d\d UTC \(in (59|60) minutes\)\. Until then, sign in another way\.$/,
    );
    await expect(noScript.getByRole("button", { name: "Send code", exact: true })).toHaveCount(0);
    const otherWays = noScript.getByRole("navigation", { name: "Other ways to sign in" });
    await otherWays.getByRole("link", { name: "Backup code" }).click();
    await expect(noScript).toHaveURL(/\/login\/challenge\/backup_codes/);
    expect(mailsTo()).toHaveLength(5);
  } finally {
    await context.close();
  }
});

// Threat: a stolen app password used on another app goes unnoticed because the devices list cannot say what each password reaches or where it was last used.
import { describe, expect, it } from "vitest";
import { removeApp } from "@/lib/apps/protected-apps";
import { tokenAppAccess } from "@/lib/apps/token-apps";
import { bearer } from "@/test/support/api";
import { makeAppPassword, makeUser } from "@/test/support/factories";
import { ask, makeApp } from "./support";

describe("devices list: each app password's apps and last use", () => {
  it("shows the apps a password is limited to (by name), every app as null, and the app it was last used on", async () => {
    const [cal, wiki] = [await makeApp(), await makeApp()];
    const user = await makeUser();
    const limited = await makeAppPassword(user.id, { apps: [cal.name, wiki.name] });
    const any = await makeAppPassword(user.id);
    await ask("auth-request", { url: wiki.url, authorization: bearer(limited.secret) }, { ip: "192.0.2.9" });
    const access = await tokenAppAccess(user.id);
    expect(access.get(limited.id)).toEqual({ apps: [cal.name, wiki.name].sort(), lastApp: wiki.name });
    expect(access.get(any.id)).toEqual({ apps: null, lastApp: null });
    await removeApp(cal.name, "test");
    expect((await tokenAppAccess(user.id)).get(limited.id)?.apps).toEqual(["(removed app)", wiki.name].sort());
  });
});

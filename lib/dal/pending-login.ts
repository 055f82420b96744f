import "server-only";
import "@/lib/plugins"; // the composition root: hands the core its providers
import { cache } from "react";
import { readChallengeCookie } from "@/lib/auth/sign-in";
import { pendingLogin, type PendingLogin } from "@/lib/two-factor/challenge-flow";

/** The sign-in in progress in this browser (challenge cookie → live challenge), once per request. */
export const currentPendingLogin = cache(async (): Promise<PendingLogin | null> => pendingLogin(await readChallengeCookie()));

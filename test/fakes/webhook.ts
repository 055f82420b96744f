import { startHttpFake, text, type HttpFake } from "@/test/fakes/http";

/**
 * A generic SMS web API: accepts whatever arrives at /sms and answers 200 "OK";
 * with `echoErrors` a failure answer quotes the request body back, as careless
 * APIs do (the code must not reach Gatehouse's logs that way).
 */
export type WebhookFake = HttpFake & { echoErrors: boolean };

export async function startWebhookFake(): Promise<WebhookFake> {
  const fake: WebhookFake = (await startHttpFake(
    (req, res) => {
      if (req.path !== "/sms") return text(res, 404, "no such endpoint");
      if (req.headers.authorization !== "Bearer webhook-secret-token") return text(res, 401, "bad api key");
      text(res, 200, "OK");
    },
    (res, req) => text(res, 500, fake.echoErrors ? `could not deliver: ${req.body}` : "boom"),
  )) as WebhookFake;
  fake.echoErrors = false;
  return fake;
}

/** The texts received, with the recipient the request named. */
export function webhookMessages(fake: HttpFake): { to: string; text: string }[] {
  return fake.requests
    .filter((r) => r.path === "/sms" && r.headers.authorization === "Bearer webhook-secret-token")
    .map((r) => {
      const body = JSON.parse(r.body) as { to: string; text: string };
      return { to: body.to, text: body.text };
    });
}

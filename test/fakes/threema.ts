import { startHttpFake, text, type HttpFake } from "@/test/fakes/http";

/**
 * Threema Gateway, basic mode: POST /send_simple (from, to, text, secret) and
 * GET /credits. Documented statuses: 400 invalid recipient / not basic mode,
 * 401 wrong identity or secret, 402 no credits, 404 recipient not found (phone
 * or e-mail look-ups), 413 message too long, 500 temporary error
 * (gateway.threema.ch/en/developer/api, "Send Simple Message" and "Credits"); bodies are empty.
 */

export type ThreemaFake = HttpFake & {
  from: string;
  secret: string;
  credits: number;
  /** Threema IDs that exist. */
  identities: Set<string>;
  sent: { to: string; text: string }[];
};

export const THREEMA_FROM = "*GATEHSE";
export const THREEMA_SECRET = "JSH5y9DfvOROm2Iw";

export async function startThreemaFake(): Promise<ThreemaFake> {
  const state = { from: THREEMA_FROM, secret: THREEMA_SECRET, identities: new Set<string>(), sent: [] as ThreemaFake["sent"] };
  const fake = (await startHttpFake(
    (req, res) => {
      const params = req.method === "POST" ? new URLSearchParams(req.body) : req.query;
      if (params.get("from") !== fake.from || params.get("secret") !== fake.secret) return text(res, 401);
      if (req.method === "GET" && req.path === "/credits") return text(res, 200, String(fake.credits));
      if (req.method === "POST" && req.path === "/send_simple") {
        const to = params.get("to") ?? "";
        const message = params.get("text") ?? "";
        if (!/^[0-9A-Z*]{8}$/.test(to) || !state.identities.has(to)) return text(res, 400);
        if (Buffer.byteLength(message) > 3500) return text(res, 413);
        if (fake.credits <= 0) return text(res, 402);
        fake.credits--;
        state.sent.push({ to, text: message });
        return text(res, 200, "0a1b2c3d4e5f6789");
      }
      text(res, 404);
    },
    (res) => text(res, 500),
  )) as ThreemaFake;
  fake.credits = 100;
  return Object.assign(fake, state);
}

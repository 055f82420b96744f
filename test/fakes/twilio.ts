import { json, startHttpFake, type HttpFake } from "@/test/fakes/http";

/**
 * Twilio's REST API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json
 * (form-encoded To/From/Body, HTTP Basic sid:token) and GET …/Accounts/{sid}.json.
 * and GET …/Accounts/{sid}/IncomingPhoneNumbers.json?PhoneNumber= (the account's numbers).
 * Errors are JSON {code, message, more_info, status}, as twilio.com/docs/usage/twilios-response
 * documents them, with the codes and messages of twilio.com/docs/api/errors (20003, 21211,
 * 21408, 21606, 21610, 21614, 20429).
 */

export type TwilioFake = HttpFake & {
  accountSid: string;
  authToken: string;
  /** Numbers that can receive SMS; others get error 21614 ("not a mobile number"). */
  mobiles: Set<string>;
  /** The account's own phone numbers (valid From). */
  numbers: Set<string>;
  /** Recipients who replied STOP (error 21610). */
  unsubscribed: Set<string>;
  /** Country prefixes whose Geo permission is off (error 21408). */
  regionsOff: Set<string>;
  /** Answer every send with 20429 Too Many Requests. */
  throttled: boolean;
  sent: { to: string; from: string; body: string }[];
};

export const TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
export const TWILIO_TOKEN = "f1e2d3c4b5a697887766554433221100";

const twilioError = (code: number, message: string, status: number) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

export async function startTwilioFake(): Promise<TwilioFake> {
  const initial = {
    accountSid: TWILIO_SID,
    authToken: TWILIO_TOKEN,
    mobiles: new Set<string>(),
    numbers: new Set(["+15005550006"]),
    unsubscribed: new Set<string>(),
    regionsOff: new Set<string>(),
    throttled: false,
    sent: [] as TwilioFake["sent"],
  };
  // Assigned once the fake has started; its handler (which runs later) reads it.
  // eslint-disable-next-line prefer-const -- read by the handler before this line can assign it
  let state: TwilioFake;
  const fake = await startHttpFake(
    (req, res) => {
      const expected = `Basic ${Buffer.from(`${state.accountSid}:${state.authToken}`).toString("base64")}`;
      if (req.headers.authorization !== expected) return json(res, 401, twilioError(20003, "Authenticate", 401));
      if (req.method === "GET" && req.path === `/2010-04-01/Accounts/${state.accountSid}.json`) {
        return json(res, 200, { sid: state.accountSid, friendly_name: "Gatehouse test", status: "active", type: "Full" });
      }
      if (req.method === "GET" && req.path === `/2010-04-01/Accounts/${state.accountSid}/IncomingPhoneNumbers.json`) {
        const wanted = req.query.get("PhoneNumber");
        const owned = [...state.numbers].filter((n) => !wanted || n === wanted);
        return json(res, 200, {
          incoming_phone_numbers: owned.map((n) => ({ sid: `PN${"1".repeat(32)}`, phone_number: n, capabilities: { sms: true } })),
          page: 0,
          page_size: 50,
        });
      }
      if (req.method === "POST" && req.path === `/2010-04-01/Accounts/${state.accountSid}/Messages.json`) {
        const form = new URLSearchParams(req.body);
        const to = form.get("To") ?? "";
        const from = form.get("From") ?? form.get("MessagingServiceSid") ?? "";
        if (state.throttled) return json(res, 429, twilioError(20429, "Too Many Requests", 429));
        if (from.startsWith("+") && !state.numbers.has(from)) {
          return json(
            res,
            400,
            twilioError(21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`, 400),
          );
        }
        if (!/^\+[1-9]\d{6,14}$/.test(to)) return json(res, 400, twilioError(21211, `Invalid 'To' Phone Number: ${to}`, 400));
        if ([...state.regionsOff].some((prefix) => to.startsWith(prefix))) {
          return json(res, 400, twilioError(21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`, 400));
        }
        if (state.unsubscribed.has(to)) return json(res, 400, twilioError(21610, "Attempt to send to unsubscribed recipient", 400));
        if (!state.mobiles.has(to)) return json(res, 400, twilioError(21614, `'To' number ${to} is not a valid mobile number`, 400));
        if (!form.get("Body")) return json(res, 400, twilioError(21602, "Message body is required.", 400));
        state.sent.push({ to, from, body: form.get("Body")! });
        return json(res, 201, { sid: `SM${"0".repeat(32)}`, status: "queued", to, from, body: form.get("Body"), num_segments: "1" });
      }
      json(res, 404, twilioError(20404, "The requested resource was not found", 404));
    },
    (res) => json(res, 500, twilioError(20500, "An internal server error has occurred", 500)),
  );
  state = Object.assign(fake, initial);
  return state;
}

import "server-only";
import { z } from "zod";
import { TIMEOUT_FIELD } from "@/lib/gateways/fields";
import { maskPhone, phoneNumber } from "@/lib/gateways/recipients";
import { checkTwilio, sendTwilio, twilioConfig, twilioFields, twilioHints } from "@/lib/gateways/sms/twilio";
import { sendWebhook, webhookConfig, webhookFields } from "@/lib/gateways/sms/webhook";
import type { GatewayChannel } from "@/lib/gateways/types";

/**
 * SMS: one channel, several services behind it. A service is one file with its
 * config schema, fields and send function; add it to the union and the switch.
 */

const config = z.discriminatedUnion("provider", [twilioConfig, webhookConfig], {
  error: "SMS provider must be twilio or webhook.",
});
export type SmsConfig = z.infer<typeof config>;

export const sms: GatewayChannel<SmsConfig> = {
  id: "sms",
  displayName: "SMS",
  fields: [
    { key: "provider", label: "SMS provider", choices: ["twilio", "webhook"], defaultValue: "twilio" },
    ...twilioFields,
    ...webhookFields,
    TIMEOUT_FIELD,
  ],
  configSchema: config,
  caveat:
    "Text messages can be intercepted, and a phone number can be moved to someone else's SIM card by tricking the carrier. An authenticator app is safer: use text messages as a fallback.",
  recipient: {
    label: "Mobile number",
    placeholder: "+49 170 1234567",
    hint: "Your mobile number in international format.",
    inputMode: "tel",
    schema: phoneNumber,
    mask: maskPhone,
  },
  async send(c, recipient, text, options) {
    if (c.provider === "twilio") return sendTwilio(c, recipient, text, options);
    return sendWebhook(c, recipient, text, options);
  },
  async check(c, options) {
    if (c.provider === "twilio") return checkTwilio(c, options);
    return { detail: "HTTP webhook (it cannot be checked without sending: use gateway:test)", unchecked: true };
  },
  adminHints: twilioHints,
};

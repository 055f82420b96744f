import "server-only";
import { channelById } from "@/lib/gateways";
import { messageCodeProvider, type MessageCodeProvider } from "@/lib/providers/message-code/provider";

/**
 * One provider per message channel, each with its own id: a user can have
 * Signal and e-mail side by side. Listed in lib/providers/index.ts.
 */

const BUBBLE = "M21 11.5a8.5 8.5 0 0 1-12.4 7.6L3 21l1.9-5.6A8.5 8.5 0 1 1 21 11.5z";

export const signalProvider = messageCodeProvider(channelById("signal"), {
  method: "msg",
  description: "A code sent to your phone with Signal.",
  icon: `${BUBBLE}M8.5 11.5h.01M12 11.5h.01M15.5 11.5h.01`,
});
export const telegramProvider = messageCodeProvider(channelById("telegram"), {
  method: "msg",
  description: "A code sent to you by the server's Telegram bot.",
  icon: "M22 2 11 13M22 2l-7 20-4-9-9-4z",
});
export const smsProvider = messageCodeProvider(channelById("sms"), {
  method: "sms",
  description: "A code sent to your mobile phone by text message.",
  icon: "M7 2h10a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
});
export const threemaProvider = messageCodeProvider(channelById("threema"), {
  method: "msg",
  description: "A code sent to your Threema ID.",
  icon: `${BUBBLE}M9.5 11v-1a2.5 2.5 0 0 1 5 0v1M9 11h6v4H9z`,
});
export const xmppProvider = messageCodeProvider(channelById("xmpp"), {
  method: "msg",
  description: "A code sent to your XMPP (Jabber) address.",
  icon: "M4 4h16v12H8l-4 4zM8 9h8M8 12h5",
});
export const emailProvider = messageCodeProvider(channelById("email"), {
  method: "email",
  description: "A code sent to your e-mail address.",
  icon: "M3 5h18v14H3zM3 6l9 7 9-7",
});

export const messageCodeProviders: readonly MessageCodeProvider[] = [
  signalProvider,
  telegramProvider,
  smsProvider,
  threemaProvider,
  xmppProvider,
  emailProvider,
];

export function findMessageCodeProvider(id: string): MessageCodeProvider | undefined {
  return messageCodeProviders.find((p) => p.id === id);
}

import "server-only";
import { email } from "@/lib/gateways/email";
import { signal } from "@/lib/gateways/signal";
import { sms } from "@/lib/gateways/sms";
import { telegram } from "@/lib/gateways/telegram";
import { threema } from "@/lib/gateways/threema";
import type { ChannelId, GatewayChannel } from "@/lib/gateways/types";
import { xmppChannel } from "@/lib/gateways/xmpp";

/** Every message channel Gatehouse can send codes through, in the order they are listed. */
export const gatewayChannels: readonly GatewayChannel[] = [signal, telegram, sms, threema, xmppChannel, email];

export function findChannel(id: string): GatewayChannel | undefined {
  return gatewayChannels.find((c) => c.id === id);
}

export function channelById(id: ChannelId): GatewayChannel {
  return findChannel(id)!;
}

export const channelList = gatewayChannels.map((c) => c.id).join(", ");

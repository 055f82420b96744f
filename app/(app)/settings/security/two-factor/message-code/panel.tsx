import "server-only";
import { channelById } from "@/lib/gateways";
import { isGatewayConfigured, publicGatewayInfo } from "@/lib/gateways/config";
import type { ChannelId } from "@/lib/gateways/types";
import { accountEmail } from "@/lib/dal/account";
import { verifiedRecipient } from "@/lib/providers/message-code/recipients";
import type { PanelProps, SettingsPanel } from "../panel-types";
import { MessageCodeDisableForm, MessageCodeSetup } from "./forms";

/** The settings panel of one message-code provider: where codes go, set-up, turn off. */
export function messageCodePanel(channelId: ChannelId): SettingsPanel {
  return async function MessageCodePanel({ userId, enabled }: PanelProps) {
    const channel = channelById(channelId);
    const [recipient, available, info] = await Promise.all([verifiedRecipient(userId, channelId), isGatewayConfigured(channel), publicGatewayInfo(channel)]);
    const spec = channel.recipient;
    const hint = spec.guide?.(info) ?? spec.hint;
    const email = channelId === "email" ? await accountEmail(userId) : null;
    const setup = {
      providerId: channelId,
      channelName: channel.displayName,
      label: spec.label,
      placeholder: spec.placeholder,
      hint,
      inputMode: spec.inputMode,
      defaultValue: email ?? "",
    };
    if (enabled) {
      return (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">
            Codes are sent to <span className="font-medium">{recipient ? spec.mask(recipient) : "—"}</span>.
            {available ? null : ` ${channel.displayName} is not working on this server right now; use another way to sign in until it is back.`}
          </p>
          <MessageCodeDisableForm providerId={channelId} channelName={channel.displayName} />
          {available ? <MessageCodeSetup {...setup} change /> : null}
        </div>
      );
    }
    if (!available) return <p className="text-sm text-slate-600">Not available on this server.</p>;
    return (
      <div className="space-y-3">
        {channel.caveat ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{channel.caveat}</p> : null}
        <MessageCodeSetup {...setup} />
      </div>
    );
  };
}

import "server-only";
import { channelById } from "@/lib/gateways";
import { isGatewayConfigured, publicGatewayInfo } from "@/lib/gateways/config";
import type { ChannelId } from "@/lib/gateways/types";
import { verifiedRecipient } from "@/lib/providers/message-code/state";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import type { SettingsPanel, SettingsPanelProps } from "@/lib/two-factor/types";
import { db } from "@/lib/db";
import { MessageCodeDisableForm, MessageCodeSetup } from "./setup-form";

/** The settings panel of one message-code provider: where codes go, set-up, turn off. */
export function messageCodePanel(channelId: ChannelId): SettingsPanel {
  return async function MessageCodeSettings({ userId }: SettingsPanelProps) {
    const channel = channelById(channelId);
    const [enabled, recipient, available, info] = await Promise.all([
      isProviderEnabled(userId, channelId),
      verifiedRecipient(userId, channelId),
      isGatewayConfigured(channel),
      publicGatewayInfo(channel),
    ]);
    const spec = channel.recipient;
    const hint = spec.guide?.(info) ?? spec.hint;
    const account = channelId === "email" ? await db.user.findUnique({ where: { id: userId }, select: { email: true } }) : null;
    const setup = {
      providerId: channelId,
      channelName: channel.displayName,
      label: spec.label,
      placeholder: spec.placeholder,
      hint,
      inputMode: spec.inputMode,
      defaultValue: account?.email ?? "",
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

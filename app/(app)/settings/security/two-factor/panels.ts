import "server-only";
import { messageCodeProviders } from "@/lib/providers/message-code";
import type { SecondFactorProvider } from "@/lib/two-factor/types";
import { BackupCodesPanel } from "./backup-codes/panel";
import { SetupPanel } from "./generic/panel";
import { messageCodePanel } from "./message-code/panel";
import type { SettingsPanel } from "./panel-types";
import { TotpPanel } from "./totp/panel";
import { DeviceApprovalPanel } from "./device-approval/panel";
import { WebAuthnPanel } from "./webauthn/panel";

/**
 * The settings page's UI registry: a provider's panel on /settings/security.
 * Providers that bring their own panel are listed here; every other provider
 * with `setup` (a provider package, say) gets the generic one — its SetupView
 * in a form, and "Turn off". A provider with neither (the admin code) shows
 * only while it is on.
 */

const panels: Record<string, SettingsPanel> = {
  totp: TotpPanel,
  webauthn: WebAuthnPanel,
  backup_codes: BackupCodesPanel,
  device_approval: DeviceApprovalPanel,
  ...Object.fromEntries(messageCodeProviders.map((p) => [p.id, messageCodePanel(p.channel.id)])),
};

export function panelFor(provider: SecondFactorProvider): SettingsPanel | null {
  return panels[provider.id] ?? (provider.setup ? SetupPanel : null);
}

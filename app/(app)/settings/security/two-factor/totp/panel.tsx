import "server-only";
import type { SettingsPanelProps } from "@/lib/two-factor/types";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { TOTP_ID } from "./store";
import { TotpDisableForm, TotpSetup } from "./setup-form";

export async function TotpSettings({ userId }: SettingsPanelProps) {
  const enabled = await isProviderEnabled(userId, TOTP_ID);
  return enabled ? <TotpDisableForm /> : <TotpSetup />;
}

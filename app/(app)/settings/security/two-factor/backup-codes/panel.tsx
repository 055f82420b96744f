import "server-only";
import { Alert } from "@/components/ui/alert";
import type { SettingsPanelProps } from "@/lib/two-factor/types";
import { isProviderEnabled } from "@/lib/two-factor/provider-state";
import { BACKUP_CODES_ID, remainingCodes } from "./store";
import { CODE_COUNT } from "./codes";
import { RegenerateCodes } from "./codes-form";

export async function BackupCodesSettings({ userId, login, hasFactor }: SettingsPanelProps) {
  const [enabled, remaining] = await Promise.all([isProviderEnabled(userId, BACKUP_CODES_ID), remainingCodes(userId)]);
  if (!hasFactor && !enabled) {
    return <p className="text-sm text-slate-600">Available once you have set up a second factor.</p>;
  }
  return (
    <div className="space-y-3">
      {enabled ? (
        <p className="text-sm text-slate-700" data-testid="backup-codes-remaining">
          {remaining} of {CODE_COUNT} backup codes left.
        </p>
      ) : null}
      {enabled && remaining <= 3 ? (
        <Alert tone="warning">
          {remaining === 0 ? "You have no backup codes left." : `Only ${remaining} backup ${remaining === 1 ? "code is" : "codes are"} left.`} Generate
          new ones so you can still sign in if you lose your phone.
        </Alert>
      ) : null}
      <RegenerateCodes login={login} hasCodes={enabled} />
    </div>
  );
}

import "server-only";
import { Alert } from "@/components/ui/alert";
import { CODE_COUNT } from "@/lib/providers/backup-codes/codes";
import { remainingCodes } from "@/lib/providers/backup-codes/store";
import type { PanelProps } from "../panel-types";
import { RegenerateCodes } from "./forms";

export async function BackupCodesPanel({ userId, login, hasFactor, enabled }: PanelProps) {
  const remaining = await remainingCodes(userId);
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
          {remaining === 0 ? "You have no backup codes left." : `Only ${remaining} backup ${remaining === 1 ? "code is" : "codes are"} left.`} Generate new ones
          so you can still sign in if you lose your phone.
        </Alert>
      ) : null}
      <RegenerateCodes login={login} hasCodes={enabled} />
    </div>
  );
}

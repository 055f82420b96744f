import "server-only";
import type { PanelProps } from "../panel-types";
import { turnOffFactorAction } from "../generic/actions";
import { TurnOffForm } from "../generic/forms";
import { TurnOnApprovalForm } from "./forms";

/** Approval from a signed-in device: nothing to enrol — on (next to another factor) or off. */
export function DeviceApprovalPanel({ provider, enabled, hasFactor }: PanelProps) {
  if (enabled) return <TurnOffForm action={turnOffFactorAction.bind(null, provider.id)} name={provider.displayName} />;
  if (!hasFactor) return <p className="text-sm text-slate-600">Set up another two-factor method first.</p>;
  return <TurnOnApprovalForm />;
}

import "server-only";
import type { PanelProps } from "../panel-types";
import { TotpDisableForm, TotpSetup } from "./forms";

export function TotpPanel({ enabled }: PanelProps) {
  return enabled ? <TotpDisableForm /> : <TotpSetup />;
}

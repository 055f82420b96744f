import "server-only";
import type { PanelProps } from "../panel-types";
import { beginFactorSetupAction, finishFactorSetupAction, turnOffFactorAction } from "./actions";
import { SetupFlow, TurnOffForm } from "./forms";

/** The panel of a provider with `setup` and no panel of its own. Actions are bound here, on the server (architecture.md). */
export function SetupPanel({ provider, enabled }: PanelProps) {
  if (enabled) return <TurnOffForm action={turnOffFactorAction.bind(null, provider.id)} name={provider.displayName} />;
  return (
    <SetupFlow
      providerId={provider.id}
      begin={beginFactorSetupAction.bind(null, provider.id)}
      finish={finishFactorSetupAction.bind(null, provider.id)}
      name={provider.displayName}
    />
  );
}

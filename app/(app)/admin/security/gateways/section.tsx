import { Section } from "@/components/ui/card";
import { gatewayViews } from "@/lib/dal/gateways";
import { checkGatewayAction, removeGatewayAction, saveGatewayAction, testGatewayAction } from "./actions";
import { GatewayForms } from "./forms";

/** Message gateways: configure, check and test each channel (the same functions as `gateway:*` in the CLI). */
export async function GatewaysSection() {
  const gateways = await gatewayViews();
  return (
    <Section
      id="gateways"
      title="Message gateways"
      description="Channels that deliver sign-in codes. An unconfigured channel is not offered to users. Saved secrets are never shown again."
    >
      <div className="space-y-3">
        {gateways.map((g) => (
          <details key={g.id} className="rounded-md ring-1 ring-slate-200 open:pb-4">
            <summary className="flex cursor-pointer items-center justify-between gap-4 px-4 py-3">
              <span className="font-medium">{g.displayName}</span>
              <span className="text-xs text-slate-600">
                {!g.status.configured ? (
                  "not configured"
                ) : g.status.lastError ? (
                  <span className="text-red-700">
                    failing: {g.status.lastError}
                    {g.status.advice ? ` — to fix (${g.status.advice.whose}): ${g.status.advice.advice}` : ""}
                  </span>
                ) : (
                  `configured${g.status.source === "environment" ? " (from the environment)" : ""}`
                )}
              </span>
            </summary>
            <div className="px-4">
              <GatewayForms
                gateway={g}
                actions={{
                  save: saveGatewayAction.bind(null, g.id),
                  check: checkGatewayAction.bind(null, g.id),
                  test: testGatewayAction.bind(null, g.id),
                  remove: removeGatewayAction.bind(null, g.id),
                }}
              />
            </div>
          </details>
        ))}
      </div>
    </Section>
  );
}

import "server-only";
import { gatewayChannels } from "@/lib/gateways";
import { storedValues } from "@/lib/gateways/config";
import { gatewayStatus, type GatewayStatus } from "@/lib/gateways/status";
import type { GatewayField } from "@/lib/gateways/types";

/**
 * What the admin page shows of each message gateway: its status and its fields
 * with the stored non-secret values. Secret values never leave the server — only
 * whether one is stored.
 */
export type GatewayView = {
  id: string;
  displayName: string;
  status: GatewayStatus;
  fields: (Pick<GatewayField, "key" | "label" | "secret" | "optional" | "hint" | "choices" | "when" | "defaultValue"> & { value: string; stored: boolean })[];
};

export async function gatewayViews(): Promise<GatewayView[]> {
  return Promise.all(
    gatewayChannels.map(async (channel) => {
      const [status, stored] = await Promise.all([gatewayStatus(channel), storedValues(channel)]);
      return {
        id: channel.id,
        displayName: channel.displayName,
        status,
        fields: channel.fields.map((f) => ({
          key: f.key,
          label: f.label,
          secret: f.secret,
          optional: f.optional,
          hint: f.hint,
          choices: f.choices,
          when: f.when,
          defaultValue: f.defaultValue,
          value: f.secret ? "" : (stored[f.key] ?? ""),
          stored: stored[f.key] !== undefined,
        })),
      };
    }),
  );
}

import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";

/** The shape of gatehouse.config.ts (the instance's build-time configuration). */
export type GatehouseConfig = {
  /** Second-factor providers from packages, in the order users see them. */
  providers: readonly SecondFactorProvider[];
};

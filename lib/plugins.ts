import "server-only";
import config from "@/gatehouse.config";
import { builtInProviders } from "@/lib/providers";
import { installProviders } from "@/lib/two-factor/registry";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";

/**
 * The composition root: hands the core the installed providers — the built-in
 * ones and those named in gatehouse.config.ts — once, on first import. Every
 * entry point that reaches the two-factor core imports it (the app's doors in
 * lib/dal/ and lib/auth/request.ts, the sign-in action, the CLI).
 */

const byKind = (list: readonly SecondFactorProvider[], kind: SecondFactorProvider["kind"]) => list.filter((p) => p.kind === kind);

export const installed: readonly SecondFactorProvider[] = [
  ...byKind(builtInProviders, "factor"),
  ...byKind(config.providers, "factor"),
  ...byKind(builtInProviders, "recovery"),
  ...byKind(config.providers, "recovery"),
];

installProviders(installed);

import "server-only";
import { adminCodeProvider } from "@/lib/providers/admin-code";
import { backupCodesProvider } from "@/lib/providers/backup-codes";
import { deviceApprovalProvider } from "@/lib/providers/device-approval";
import { emailProvider, signalProvider, smsProvider, telegramProvider, threemaProvider, xmppProvider } from "@/lib/providers/message-code";
import { totpProvider } from "@/lib/providers/totp";
import { webauthnProvider } from "@/lib/providers/webauthn";
import type { SecondFactorProvider } from "@/lib/two-factor/provider-api";

/**
 * The providers that come with Gatehouse, one line each. Providers from
 * packages are named in gatehouse.config.ts; lib/plugins.ts hands both to the
 * core (see docs/writing-a-provider.md).
 */
export const builtInProviders: readonly SecondFactorProvider[] = [
  webauthnProvider,
  totpProvider,
  signalProvider,
  telegramProvider,
  smsProvider,
  threemaProvider,
  xmppProvider,
  emailProvider,
  deviceApprovalProvider,
  backupCodesProvider,
  adminCodeProvider,
];

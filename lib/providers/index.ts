import "server-only";
import { adminCodeProvider } from "@/lib/providers/admin-code";
import { backupCodesProvider } from "@/lib/providers/backup-codes";
import { emailProvider, signalProvider, smsProvider, telegramProvider, threemaProvider, xmppProvider } from "@/lib/providers/message-code";
import { totpProvider } from "@/lib/providers/totp";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * The installed second-factor providers, one line each (see
 * docs/writing-a-provider.md). The two-factor core reads this list and nothing
 * else; it never names a provider. Order is the order users see.
 */
export const installedProviders: readonly SecondFactorProvider[] = [
  totpProvider,
  signalProvider,
  telegramProvider,
  smsProvider,
  threemaProvider,
  xmppProvider,
  emailProvider,
  backupCodesProvider,
  adminCodeProvider,
];

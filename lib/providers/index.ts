import "server-only";
import { emailProvider, signalProvider, smsProvider, telegramProvider, threemaProvider, xmppProvider } from "@/lib/providers/message-code";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * The installed second-factor providers, one line each (see
 * docs/writing-a-provider.md). The two-factor core reads this list and nothing
 * else; it never names a provider.
 */
export const installedProviders: readonly SecondFactorProvider[] = [
  signalProvider,
  telegramProvider,
  smsProvider,
  threemaProvider,
  xmppProvider,
  emailProvider,
];

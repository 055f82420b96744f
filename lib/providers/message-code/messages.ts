import "server-only";
import { env } from "@/lib/env";
import { CODE_LIFETIME } from "@/lib/providers/message-code/limits";

/** The texts that carry codes. The first line doubles as an e-mail subject. */

const minutes = CODE_LIFETIME / 60_000;

export function loginText(code: string): string {
  const name = env().instanceName;
  return `${name} sign-in code: ${code}\nIt is valid for ${minutes} minutes. Never share it: nobody from ${name} will ask you for it.`;
}

export function setupText(code: string, channelName: string): string {
  const name = env().instanceName;
  return `${name} verification code: ${code}\nEnter it on your security settings page to receive sign-in codes via ${channelName}. If you did not ask for it, ignore this message.`;
}

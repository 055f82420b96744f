import path from "node:path";
import { pathToFileURL } from "node:url";
import { NextRequest } from "next/server";
import { POST as startFlow } from "@/app/api/v1/login/flow/route";
import { POST as pollFlow } from "@/app/api/v1/login/flow/poll/route";
import { POST as deviceCode } from "@/app/api/v1/device/code/route";
import { POST as deviceToken } from "@/app/api/v1/device/token/route";
import { CLIENT_IP_HEADER } from "@/lib/auth/request-meta";
import { DEVICE_GRANT_TYPE } from "@/lib/client-flows/device-grant";
import { META } from "@/test/support/factories";
import { read } from "@/test/support/api";

/** Client-flow requests as a client sends them: form-encoded (OAuth, Nextcloud clients) unless told otherwise. */
export function formRequest(path: string, body: string, options: { ip?: string; userAgent?: string; type?: string } = {}): NextRequest {
  return new NextRequest(`http://localhost${path}`, {
    method: "POST",
    headers: {
      [CLIENT_IP_HEADER]: options.ip ?? META.ip ?? "198.51.100.23",
      "user-agent": options.userAgent ?? "TestSync/2.1 (Linux)",
      "content-type": options.type ?? "application/x-www-form-urlencoded",
    },
    body,
  });
}

export async function startLogin(options: { ip?: string; userAgent?: string; body?: string } = {}) {
  const res = await read(await startFlow(formRequest("/api/v1/login/flow", options.body ?? "", options)));
  const body = res.body as { poll: { token: string; endpoint: string }; login: string };
  return { ...res, flow: body, pageToken: body?.login?.split("/connect/")[1] ?? "" };
}

export async function poll(token: string, options: { ip?: string } = {}) {
  return read(await pollFlow(formRequest("/api/v1/login/flow/poll", `token=${encodeURIComponent(token)}`, options)));
}

export async function startDevice(options: { ip?: string; userAgent?: string; body?: string } = {}) {
  return read(await deviceCode(formRequest("/api/v1/device/code", options.body ?? "client_id=tv-app", options)));
}

export async function token(deviceCodeValue: string, options: { ip?: string; grantType?: string } = {}) {
  const body = new URLSearchParams({ grant_type: options.grantType ?? DEVICE_GRANT_TYPE, device_code: deviceCodeValue }).toString();
  return read(await deviceToken(formRequest("/api/v1/device/token", body, options)));
}

type ReferenceClient = {
  parseConnectUri(text: unknown): { server: string; token: string; login: string } | null;
  matchCode(pollToken: string): string;
};

/** The reference client (examples/connect-client.mjs): what an app author copies, so what the tests parse with. */
export async function referenceClient(): Promise<ReferenceClient> {
  return (await import(pathToFileURL(path.resolve("examples/connect-client.mjs")).href)) as ReferenceClient;
}

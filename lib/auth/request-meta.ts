/**
 * Who is asking: the client address and user agent of a request. The address
 * comes from `x-gatehouse-client-ip`, which our server (scripts/serve.ts) sets on
 * every request from the socket (or from X-Forwarded-For when TRUST_PROXY is on),
 * overwriting anything a client sent under that name.
 */
export const CLIENT_IP_HEADER = "x-gatehouse-client-ip";

export type ClientMeta = { ip: string | null; userAgent: string | null };

export function clientMeta(headers: Pick<Headers, "get">): ClientMeta {
  const ua = headers.get("user-agent");
  return {
    ip: headers.get(CLIENT_IP_HEADER),
    userAgent: ua ? ua.slice(0, 512) : null,
  };
}

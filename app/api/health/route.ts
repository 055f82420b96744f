import { databaseReachable } from "@/lib/health";

// Asked on every request, never prerendered at build time.
export const dynamic = "force-dynamic";

/**
 * For load balancers and the benchmark's baseline: no auth. 200 `{ "status": "ok" }`
 * while the database answers (checked at most once a second, lib/health.ts);
 * 503 `{ "status": "unavailable", "database": "unreachable" }` when it does not,
 * so a balancer sends the traffic to an instance that can serve it.
 */
export async function GET(): Promise<Response> {
  if (await databaseReachable()) return Response.json({ status: "ok" });
  return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } });
}

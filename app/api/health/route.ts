/** Liveness for load balancers and the benchmark's baseline: no auth, no database. */
export function GET(): Response {
  return Response.json({ status: "ok" });
}

import { getHealth } from "~/lib/health.server";

/** Liveness and readiness for load balancers and people: 200 when both backends answer, else 503. */
export async function loader() {
  const health = await getHealth();
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

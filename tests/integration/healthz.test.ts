import { afterEach, describe, expect, it } from "vitest";
import { getEnv } from "~/lib/env.server";
import { closeSearch, configureSearch } from "~/lib/search.server";
import { loader } from "~/routes/healthz";

async function callHealthz() {
  const response = await loader();
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

afterEach(() => {
  // Put the real search connection back for the next test.
  closeSearch();
});

describe("GET /healthz", () => {
  it("answers 200 with both backends' latency when they are up", async () => {
    const { status, body } = await callHealthz();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.search.ok).toBe(true);
    expect(body.search.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 and names the failing backend when Meilisearch is unreachable", async () => {
    configureSearch({ url: "http://127.0.0.1:1", apiKey: getEnv().MEILI_API_KEY });
    const { status, body } = await callHealthz();
    expect(status).toBe(503);
    expect(body.status).toBe("degraded");
    expect(body.database.ok).toBe(true);
    expect(body.search).toMatchObject({ ok: false, latencyMs: null });
    expect(body.search.error).toEqual(expect.any(String));
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/lib/env.server";
import { getSearch, indexName } from "~/lib/search.server";
import { startForwardingProxy, type ForwardingProxy } from "../../scripts/lib/forwarding-proxy";

// bench:search reports this process as the floor under any portal; it must be a faithful forwarder.
describe("the benchmark's forwarding proxy", () => {
  const uid = indexName("forwarding_proxy");
  let proxy: ForwardingProxy;

  beforeAll(async () => {
    const { client } = getSearch();
    await client.createIndex(uid, { primaryKey: "id" }).waitTask();
    await client
      .index(uid)
      .addDocuments([
        { id: "a", title: "Clash detection workflow" },
        { id: "b", title: "数字孪生 运维平台" },
        { id: "c", title: "Smart-site monitoring" },
      ])
      .waitTask();
    proxy = await startForwardingProxy({ url: getEnv().MEILI_URL!, apiKey: getEnv().MEILI_API_KEY! });
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it("answers a multi-search exactly as Meilisearch does", async () => {
    const queries = [
      { indexUid: uid, q: "clash detecton", attributesToRetrieve: ["id"] },
      { indexUid: uid, q: "数字孪生", attributesToRetrieve: ["id"] },
    ];
    const direct = await getSearch().client.multiSearch({ queries });
    const response = await fetch(proxy.url, { method: "POST", body: JSON.stringify({ queries }) });
    expect(response.status).toBe(200);
    const forwarded = (await response.json()) as typeof direct;
    const withoutTimings = (answer: typeof direct) => answer.results.map(({ processingTimeMs: _ms, ...rest }) => rest);
    expect(withoutTimings(forwarded)).toEqual(withoutTimings(direct));
    expect(forwarded.results.map((r) => r.hits.map((h) => h.id))).toEqual([["a"], ["b"]]);
  });

  it("passes Meilisearch's refusal of a malformed request back with its status", async () => {
    const response = await fetch(proxy.url, { method: "POST", body: "{not json" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe("malformed_payload");
  });
});

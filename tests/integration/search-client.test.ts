import { describe, expect, it } from "vitest";
import { getEnv } from "~/lib/env.server";
import { getSearch, indexName } from "~/lib/search.server";
import { describeMeiliError } from "../../search/http-client";

describe("Meilisearch client", () => {
  it("indexes and fetches a 10 KB document through the keep-alive client", async () => {
    const { client } = getSearch();
    const uid = indexName("client_check");
    await client.createIndex(uid, { primaryKey: "id" }).waitTask();
    const body = "数字孪生 digital twin ".repeat(500);
    await client
      .index(uid)
      .addDocuments([{ id: "a", body }])
      .waitTask();
    const doc = await client.index(uid).getDocument("a");
    expect(doc.body).toBe(body);
    const hits = await client.index(uid).search("数字孪生");
    expect(hits.hits.map((h) => h.id)).toEqual(["a"]);
  });

  it("reports Meilisearch's error code for a missing index", async () => {
    const error = await getSearch()
      .client.index(indexName("nope"))
      .getDocument("x")
      .catch((e: unknown) => e);
    expect(describeMeiliError(error)).toMatchObject({ status: 404, code: "index_not_found" });
  });

  it("uses an API key that cannot manage keys", async () => {
    expect(getEnv().MEILI_API_KEY).toBeTruthy();
    const error = await getSearch()
      .client.getKeys()
      .catch((e: unknown) => e);
    expect(describeMeiliError(error).status).toBe(403);
  });
});

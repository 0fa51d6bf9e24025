import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "~/lib/api-token.server";
import { getDb } from "~/lib/db.server";
import { createTeam } from "../factories/accounts";
import { createSearchSolution, createSearchTaxonomy } from "../factories/search-solutions";
import { startApiServer, type ApiServer } from "../support/api-server";
import { indexPendingChanges, prepareSearchIndex } from "../support/search";

/**
 * GET /api/v1/search over real HTTP, where the search starts while the token is checked, as the
 * token's user at its previous check (api-speculation.server.ts). A user whose role or subsidiary
 * changed between two requests gets the second answer for who they are now, never for who they were.
 */
let server: ApiServer;
let owner: Awaited<ReturnType<typeof createTeam>>;
let other: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  const db = getDb();
  await prepareSearchIndex();
  const taxonomy = await createSearchTaxonomy(db);
  [owner, other] = await Promise.all([createTeam(db), createTeam(db)]);
  await createSearchSolution(db, {
    subsidiaryId: owner.subsidiary.id,
    title: "Viaduct bearing inspection drones",
    painPointIds: [taxonomy.painPoints.progress.id],
  });
  await createSearchSolution(db, {
    subsidiaryId: owner.subsidiary.id,
    title: "Confidential viaduct bid model",
    visibility: "subsidiary",
    painPointIds: [taxonomy.painPoints.clashes.id],
  });
  await indexPendingChanges();
  server = await startApiServer();
});
afterAll(async () => {
  await server.close();
});

async function titles(token: string): Promise<string[]> {
  const response = await fetch(`${server.url}/api/v1/search?q=viaduct&sort=newest`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { hits: { title: string }[]; total: number; facets: Record<string, object> };
  expect(body.total).toBe(body.hits.length);
  return body.hits.map((h) => h.title).sort();
}

const ALL = ["Confidential viaduct bid model", "Viaduct bearing inspection drones"];
const OPEN = ["Viaduct bearing inspection drones"];

describe("GET /api/v1/search when the token's user changed since the token's last request", () => {
  it("a curator demoted to member stops seeing another subsidiary's confidential write-up at once", async () => {
    const db = getDb();
    const { token } = await issueApiToken(db, other.curator.id, "test", null);
    expect(await titles(token)).toEqual(ALL);
    expect(await titles(token)).toEqual(ALL);
    await db.updateTable("users").set({ role: "member" }).where("id", "=", other.curator.id).execute();
    expect(await titles(token)).toEqual(OPEN);
    expect(await titles(token)).toEqual(OPEN);
  });

  it("a member moved between subsidiaries sees exactly what the new subsidiary may see", async () => {
    const db = getDb();
    const { token } = await issueApiToken(db, other.member.id, "test", null);
    expect(await titles(token)).toEqual(OPEN);
    expect(await titles(token)).toEqual(OPEN);
    await db
      .updateTable("users")
      .set({ subsidiaryId: owner.subsidiary.id })
      .where("id", "=", other.member.id)
      .execute();
    expect(await titles(token)).toEqual(ALL);
    await db
      .updateTable("users")
      .set({ subsidiaryId: other.subsidiary.id })
      .where("id", "=", other.member.id)
      .execute();
    expect(await titles(token)).toEqual(OPEN);
  });

  it("a token revoked after a search answers 401 with no hits", async () => {
    const db = getDb();
    const { token, id } = await issueApiToken(db, owner.member.id, "test", null);
    expect(await titles(token)).toEqual(ALL);
    await db.updateTable("apiTokens").set({ revokedAt: new Date() }).where("id", "=", id).execute();
    const refused = await fetch(`${server.url}/api/v1/search?q=viaduct`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
    expect(JSON.stringify(await refused.json())).not.toContain("viaduct");
  });
});

describe("GET /api/v1/search started early", () => {
  /** A search sent with its own Host header (fetch may not set one). */
  function searchVia(host: string, token: string, query: string) {
    return new Promise<{ status: number; body: { hits: { url: string }[]; error?: { code: string } } }>(
      (resolve, reject) => {
        const request = http.get(
          `${server.url}/api/v1/search?${query}`,
          { headers: { Authorization: `Bearer ${token}`, Host: host } },
          (response) => {
            // Decoded by the stream, so a character split between chunks stays whole.
            response.setEncoding("utf8");
            let text = "";
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        request.on("error", reject);
      },
    );
  }

  it("links its hits to the host this request came to, not the one of the token's last request", async () => {
    const { token } = await issueApiToken(getDb(), owner.member.id, "test", null);
    const first = await searchVia("first.example:8080", token, "q=viaduct");
    expect(first.body.hits.map((h) => new URL(h.url).host)).toEqual(["first.example:8080", "first.example:8080"]);
    // The token's user is now presumed, so this search starts while its token is checked.
    const second = await searchVia("second.example", token, "q=viaduct");
    expect(second.status).toBe(200);
    expect(second.body.hits.map((h) => new URL(h.url).host)).toEqual(["second.example", "second.example"]);
  });

  it("answers a malformed query with the same 400 whether or not the search started early", async () => {
    const { token } = await issueApiToken(getDb(), owner.member.id, "test", null);
    const cold = await searchVia("localhost", token, "page=zero&limit=100000");
    const early = await searchVia("localhost", token, "page=zero&limit=100000");
    expect(cold.status).toBe(400);
    expect(early.status).toBe(400);
    expect(early.body).toEqual(cold.body);
    expect(early.body.error?.code).toBe("invalid_parameter");
  });
});

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { getUserByEmail } from "~/models/user.server";
import { createApiToken } from "~/services/api-tokens.server";
import { seedDemoContent } from "~/services/demo-seed.server";
import { startApiServer, type ApiServer } from "../support/api-server";
import { cookieFor } from "../support/remix";
import { indexPendingChanges, prepareSearchIndex } from "../support/search";

/**
 * docs/api.md cannot drift: every `curl` example on it runs against the demo content (loaded by the
 * demo seed service, indexed for search) through the real HTTP layer and must answer 200 with the
 * fields its example answer shows, every API route has a section and an example, and every error code
 * in its table is one the code sends. `API_DOCS_DUMP=<file>` writes the real answers, to refresh the
 * examples after a deliberate change.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const DOC = fs.readFileSync(path.join(ROOT, "docs/api.md"), "utf8");
const DOC_USER = "hu.xiaoyu@example.com";

interface Example {
  command: string;
  url: string;
  headers: Record<string, string>;
  documented?: unknown;
}

function fencedBlocks(markdown: string): { lang: string; text: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** The curl commands of the ```sh blocks, each with the ```json block that follows its block, if any. */
function curlExamples(markdown: string): Example[] {
  const blocks = fencedBlocks(markdown);
  const examples: Example[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== "sh") return;
    const commands = block.text
      .replace(/\\\n\s*/g, " ")
      .split("\n")
      .filter((line) => line.trim().startsWith("curl "));
    const next = blocks[i + 1];
    for (const command of commands) {
      const quoted = [...command.matchAll(/(-H|-b)?\s*"([^"]*)"/g)];
      const url = quoted.find((q) => !q[1] && q[2]!.startsWith("$SX/"))?.[2];
      if (!url) throw new Error(`no "$SX/..." URL in: ${command}`);
      const headers: Record<string, string> = {};
      for (const q of quoted) {
        if (q[1] === "-H") {
          const [name, ...value] = q[2]!.split(":");
          headers[name!.trim()] = value.join(":").trim();
        } else if (q[1] === "-b") headers.Cookie = q[2]!;
      }
      examples.push({
        command,
        url,
        headers,
        documented: commands.length === 1 && next?.lang === "json" ? JSON.parse(next.text) : undefined,
      });
    }
  });
  return examples;
}

/** The differences in shape (keys, and types of values) between a documented answer and a real one. */
function shapeDifferences(documented: unknown, real: unknown, at = "$"): string[] {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (kind(documented) !== kind(real)) {
    // A documented null may be a value in another answer and the reverse (e.g. a metric's baseline).
    if (documented === null || real === null) return [];
    return [`${at}: documented ${kind(documented)}, got ${kind(real)}`];
  }
  if (Array.isArray(documented) && Array.isArray(real)) {
    return documented.length && real.length ? shapeDifferences(documented[0], real[0], `${at}[0]`) : [];
  }
  if (kind(documented) !== "object") return [];
  const doc = documented as Record<string, unknown>;
  const got = real as Record<string, unknown>;
  // Facet counts are keyed by value (slugs, codes, years): data, not fields.
  if (/^\$\.facets\.\w+$/.test(at)) return [];
  const missing = Object.keys(got).filter((k) => !(k in doc));
  const extra = Object.keys(doc).filter((k) => !(k in got));
  return [
    ...missing.map((k) => `${at}.${k}: in the answer, not in the docs`),
    ...extra.map((k) => `${at}.${k}: in the docs, not in the answer`),
    ...Object.keys(doc)
      .filter((k) => k in got)
      .flatMap((k) => shapeDifferences(doc[k], got[k], `${at}.${k}`)),
  ];
}

let server: ApiServer;
let token: string;
let session: string;
beforeAll(async () => {
  const db = getDb();
  await seedDemoContent(db);
  await prepareSearchIndex();
  await indexPendingChanges();
  const user = (await getUserByEmail(db, DOC_USER)) as SessionUser | undefined;
  if (!user) throw new Error(`the demo content has no ${DOC_USER}`);
  token = (await createApiToken(db, user, { label: "docs/api.md", expiresInDays: null })).token;
  session = (await cookieFor(user.id)).replace(/^sx_session=/, "");
  server = await startApiServer();
}, 180_000);
afterAll(async () => {
  await server?.close();
});

describe("docs/api.md", () => {
  const examples = curlExamples(DOC);

  it("has a section and a curl example for every API route", () => {
    const routes = fs
      .readdirSync(path.join(ROOT, "app/routes"))
      .filter((f) => /^api\.v1\..+\.ts$/.test(f) && f !== "api.v1.$.ts")
      .map((f) =>
        f
          .replace(/\.ts$/, "")
          .split(".")
          .map((part) => (part.startsWith("$") ? `{${part.slice(1)}}` : part))
          .join("/"),
      )
      .map((p) => `/${p}`);
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      expect(DOC, `a "## GET ${route}" section`).toContain(`\n## GET ${route}\n`);
      const pattern = new RegExp(`^\\$SX${route.replace(/\{\w+\}/g, "[^/?]+")}(\\?|$)`);
      expect(
        examples.some((e) => pattern.test(e.url)),
        `a curl example for ${route}`,
      ).toBe(true);
    }
  });

  it("every curl example answers 200 with the fields its example answer shows", async () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
    expect(examples.some((e) => e.headers.Cookie)).toBe(true);
    const dump: Record<string, unknown> = {};
    for (const example of examples) {
      const url = example.url.replace("$SX", server.url);
      const headers = Object.fromEntries(
        Object.entries(example.headers).map(([k, v]) => [k, v.replace("$TOKEN", token).replace("$SESSION", session)]),
      );
      const response = await fetch(url, { headers, redirect: "manual" });
      const body = await response.text();
      expect({ command: example.command, status: response.status }).toEqual({ command: example.command, status: 200 });
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const answer = JSON.parse(body) as unknown;
      dump[example.url] = answer;
      if (example.documented !== undefined) {
        expect({ command: example.command, differences: shapeDifferences(example.documented, answer) }).toEqual({
          command: example.command,
          differences: [],
        });
      }
    }
    if (process.env.API_DOCS_DUMP) fs.writeFileSync(process.env.API_DOCS_DUMP, JSON.stringify(dump, null, 2));
  });

  it("lists only error codes the code sends, with every status", () => {
    const table = DOC.slice(DOC.indexOf("## Errors"), DOC.indexOf("\n## GET"));
    const rows = table.split("\n").filter((line) => /^\| \d{3} \|/.test(line));
    expect(rows.map((r) => Number(r.slice(2, 5)))).toEqual([400, 400, 401, 403, 404, 429, 500]);
    const source = fs
      .readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => fs.readFileSync(path.join(ROOT, "app", f), "utf8"))
      .join("\n");
    const codes = rows.flatMap((row) => [...row.split("|")[2]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!));
    expect(codes).toEqual([
      "bad_filter",
      "bad_sort",
      "bad_page",
      "bad_limit",
      "invalid_parameter",
      "invalid_filter",
      "unauthorized",
      "cross_site",
      "not_found",
      "rate_limited",
      "internal",
    ]);
    for (const code of codes) expect(source, `the code "${code}"`).toContain(`"${code}"`);
    // The example error bodies are the documented shape.
    for (const block of fencedBlocks(DOC).filter((b) => b.lang === "http")) {
      const body = JSON.parse(block.text.slice(block.text.indexOf("\n\n") + 2)) as { error: { code: string } };
      expect(codes).toContain(body.error.code);
      expect(Object.keys(body.error).slice(0, 2)).toEqual(["code", "message"]);
    }
  });
});

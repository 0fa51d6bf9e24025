import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import type { AppLoadContext } from "@remix-run/node";
import { closeDatabase, getDb, type Database } from "../app/lib/db.server";
import { resetEnvForTests } from "../app/lib/env.server";
import { ANONYMOUS } from "../app/lib/request-context.server";
import { renderRichTextToHtml, richTextToPlainText } from "../app/lib/rich-text/render.server";
import type { SessionUser } from "../app/lib/session.server";
import { catalogSnapshotStats, clearCatalogSnapshot, currentCatalogFacts } from "../app/lib/catalog-snapshot.server";
import { DISCIPLINES, SECTORS } from "../app/lib/solution-fields";
import { browseCatalog, readCatalogRequest } from "../app/services/catalog.server";
import { readDemoWriteUps } from "../app/services/demo-content.server";
import { parseImportFile } from "../app/services/import-file.server";
import { migrateToLatest } from "../db/migrator";
import { runIfMain } from "./lib/cli";
import { loadDemoSubsidiaries, loadDemoTaxonomy } from "./lib/demo-vocabulary";
import { percentile, round } from "./lib/stats";

/**
 * `npm run bench:catalog -- --docs 100000`: fills a throwaway PostgreSQL database with synthetic
 * write-ups (skewed over subsidiaries and pain points like real use), then times the catalog (items,
 * total and every facet count, as the page loads them) with 0, 1 and 2 filters, and the write-up page's
 * real route loader (slug, permission, locale, content, revision count, related write-ups, reuse).
 * Bodies are the 40 demo write-ups' (Markdown -> Lexical -> HTML through the import's pipeline), so
 * rows have the size of real ones. Prints a Markdown table and writes JSON to bench-results/. Target
 * on 2 cores at 100,000: catalog p95 < 100 ms, write-up page p95 < 20 ms.
 */
const TECHNOLOGIES = [
  "Revit",
  "Navisworks",
  "Dynamo",
  "Grasshopper",
  "Rhino",
  "IFC",
  "Python",
  "Power BI",
  "Azure IoT",
  "Solibri",
  "ArcGIS",
  "Cesium",
  "Unreal Engine",
  "RealityCapture",
  "Tekla",
  "OpenFOAM",
  "Civil 3D",
  "Bentley iTwin",
  "ACC",
  "BIM 360",
  "Excel VBA",
  "PostgreSQL",
  "Node-RED",
  "Matterport",
  "DJI Terra",
  "Speckle",
  "COBie",
  "Primavera P6",
  "Synchro 4D",
  "Enscape",
];

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      docs: { type: "string", default: "20000" },
      runs: { type: "string", default: "200" },
      keep: { type: "boolean" },
    },
  });
  const docs = Number(values.docs);
  const runs = Number(values.runs);
  const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `sx_bench_catalog_${process.pid}`;
  await admin(server, `create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  // The route loader under test opens the app's own database handle: point it at the throwaway one.
  process.env.DATABASE_URL = url.toString();
  process.env.DATABASE_POOL_SIZE ??= "4";
  // Without Meilisearch, related write-ups log a warning when they ask it for similar text.
  process.env.LOG_LEVEL ??= "error";
  delete process.env.MEILI_URL;
  resetEnvForTests();
  try {
    const db = getDb();
    await migrateToLatest(db);
    const started = performance.now();
    const world = await fill(db, docs);
    const fillSeconds = (performance.now() - started) / 1000;
    console.log(`filled ${docs} write-ups in ${fillSeconds.toFixed(1)} s`);

    // The heap the catalog's in-memory facts take (run with --expose-gc for a clean figure).
    const heap = () => (globalThis.gc?.(), process.memoryUsage().heapUsed);
    const heapBefore = heap();
    const loadStarted = performance.now();
    await currentCatalogFacts(world.db);
    const loadMs = performance.now() - loadStarted;
    const factsHeapMb = (heap() - heapBefore) / 1e6;

    const all = await scenarios(world);
    // `before` runs untimed: only the request itself is measured.
    type Case = { name: string; run: (i: number) => Promise<void>; before?: (i: number) => Promise<void> | void };
    const cases: Case[] = all.flatMap((scenario): Case[] =>
      scenario.name.startsWith("catalog")
        ? [
            // After a change: a write-up changed just before (what recording a reuse writes), so the
            // counts' in-memory facts first read the changed write-ups again (catalog-snapshot.server.ts).
            {
              name: `${scenario.name}, after a change`,
              before: (i: number) => touch(world, i),
              run: scenario.run,
            },
            // Unchanged: nothing changed since the last request.
            { name: `${scenario.name}, unchanged`, run: scenario.run },
          ]
        : [scenario],
    );
    // An app instance's first catalog request loads the facts of every published write-up.
    cases.push({
      name: "catalog, member, no filter, first request of an app instance (loads every write-up's facts)",
      before: () => clearCatalogSnapshot(world.db),
      run: all[0]!.run,
    });
    const results: { name: string; p50: number; p95: number; p99: number }[] = [];
    for (const scenario of cases) {
      const samples: number[] = [];
      for (let i = 0; i < runs + 10; i++) {
        await scenario.before?.(i);
        const t0 = performance.now();
        await scenario.run(i);
        if (i >= 10) samples.push(performance.now() - t0);
      }
      results.push({
        name: scenario.name,
        p50: round(percentile(samples, 50)),
        p95: round(percentile(samples, 95)),
        p99: round(percentile(samples, 99)),
      });
    }
    console.log(`\nCatalog at ${docs} write-ups (${runs} runs each, server time in ms, PostgreSQL 15, 2 cores)\n`);
    console.log("| query | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|");
    for (const r of results) console.log(`| ${r.name} | ${r.p50} | ${r.p95} | ${r.p99} |`);
    const snapshot = catalogSnapshotStats(world.db);
    console.log(
      `\nIn-memory catalog facts: ${snapshot.writeUps} published write-ups, ${factsHeapMb.toFixed(1)} MB of heap, first loaded in ${Math.round(loadMs)} ms; ` +
        `${snapshot.fullLoads} full and ${snapshot.partialLoads} partial loads during the run.`,
    );
    console.log(
      `\nWrite-up bodies: ${world.bodies.count} demo bodies, rendered HTML ${world.bodies.minHtml}-${world.bodies.maxHtml} bytes ` +
        `(mean ${world.bodies.meanHtml}). No Meilisearch runs here: related write-ups come from shared pain points; ` +
        `the "similar text" half, asked only when fewer than 5 share one, was skipped in ${world.fewerRelated} page loads.`,
    );
    fs.mkdirSync("bench-results", { recursive: true });
    const file = path.join("bench-results", `catalog-${docs}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          docs,
          runs,
          fillSeconds,
          bodies: world.bodies,
          facts: { heapMb: factsHeapMb, loadMs },
          results,
          at: new Date().toISOString(),
        },
        null,
        2,
      ),
    );
    console.log(`\nwrote ${file}`);
    return 0;
  } finally {
    await closeDatabase();
    if (!values.keep) await admin(server, `drop database if exists "${name}" with (force)`);
  }
}

async function admin(server: string, statement: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

interface World {
  db: Kysely<Database>;
  member: SessionUser;
  curator: SessionUser;
  painPointSlugs: string[];
  subsidiaryCodes: string[];
  /** Published, group-visible write-ups: any member may read them. */
  solutionSlugs: string[];
  solutionIds: string[];
  bodies: { count: number; minHtml: number; maxHtml: number; meanHtml: number };
  /** Page loads that found fewer than 5 related write-ups by pain point (they would ask Meilisearch). */
  fewerRelated: number;
}

/** The demo write-ups' bodies as the portal stores them: Lexical JSON, sanitized HTML, plain text. */
function demoBodies() {
  return readDemoWriteUps().map((file) => {
    const parsed = parseImportFile(file.name, file.bytes);
    return {
      title: parsed.frontMatter.title,
      summary: parsed.frontMatter.summary,
      body: JSON.stringify(parsed.body),
      html: renderRichTextToHtml(parsed.body),
      text: richTextToPlainText(parsed.body),
    };
  });
}

/** Bulk synthetic data in SQL: skewed (squared random) choices of subsidiary and pain points. */
async function fill(db: Kysely<Database>, docs: number): Promise<World> {
  const subsidiaries = loadDemoSubsidiaries();
  const taxonomy = loadDemoTaxonomy();
  const subIds: string[] = [];
  for (const s of subsidiaries) {
    const row = await db
      .insertInto("subsidiaries")
      .values({ code: s.code, nameEn: s.nameEn, nameZh: s.nameZh, isHeadquarters: s.isHeadquarters })
      .returning("id")
      .executeTakeFirstOrThrow();
    subIds.push(row.id);
  }
  const painIds: string[] = [];
  for (const [position, area] of taxonomy.entries()) {
    const a = await db
      .insertInto("painPointAreas")
      .values({ slug: area.slug, nameEn: area.nameEn, nameZh: area.nameZh, position })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [i, p] of area.painPoints.entries()) {
      const row = await db
        .insertInto("painPoints")
        .values({ areaId: a.id, slug: p.slug, nameEn: p.nameEn, nameZh: p.nameZh, position: i })
        .returning("id")
        .executeTakeFirstOrThrow();
      painIds.push(row.id);
    }
  }
  const techIds: string[] = [];
  for (const name of TECHNOLOGIES)
    techIds.push((await db.insertInto("technologies").values({ name }).returning("id").executeTakeFirstOrThrow()).id);
  const userFor = async (role: "member" | "curator", subsidiaryId: string) =>
    db
      .insertInto("users")
      .values({
        email: `${role}-${subsidiaryId}@bench.example`,
        displayName: role,
        subsidiaryId,
        role,
        passwordHash: null,
        locale: null,
      })
      .returning(["id", "email", "displayName", "role", "subsidiaryId", "locale"])
      .executeTakeFirstOrThrow();
  const member = await userFor("member", subIds[1]!);
  const curator = await userFor("curator", subIds[0]!);

  // Bulk loads skip the per-row triggers that keep the tag arrays in step, then fill them in one pass.
  await sql`alter table solution_pain_points disable trigger solution_pain_points_sync`.execute(db);
  await sql`alter table solution_technologies disable trigger solution_technologies_sync`.execute(db);
  const bodies = demoBodies();
  const n = bodies.length;
  const column = (key: "title" | "summary" | "body" | "html" | "text") => bodies.map((b) => b[key]);
  await sql`
    insert into solutions (slug, subsidiary_id, status, visibility, revision, live_revision, title, summary, body, body_html, body_text,
      sector, client, project, year, disciplines, reuse_count, created_by, published_at, updated_at, created_at)
    select 'bench-' || g,
      (${subIds}::uuid[])[1 + floor(power(random(), 1.6) * ${subIds.length})::int],
      case when random() < 0.9 then 'published' when random() < 0.5 then 'draft' else 'archived' end,
      case when random() < 0.1 then 'subsidiary' else 'group' end,
      1, 1,
      (${column("title")}::text[])[1 + g % ${n}] || ' (' || g || ')',
      (${column("summary")}::text[])[1 + g % ${n}],
      ((${column("body")}::text[])[1 + g % ${n}])::jsonb,
      (${column("html")}::text[])[1 + g % ${n}],
      (${column("text")}::text[])[1 + g % ${n}],
      (${[...SECTORS]}::text[])[1 + floor(random() * ${SECTORS.length})::int],
      'A client', 'Project ' || g,
      2018 + floor(random() * 9)::int,
      array[(${[...DISCIPLINES]}::text[])[1 + floor(power(random(), 1.4) * ${DISCIPLINES.length})::int]],
      floor(power(random(), 4) * 20)::int,
      ${member.id}::uuid,
      now() - (random() * interval '2000 days'), now() - (random() * interval '300 days'), now() - interval '2000 days'
    from generate_series(1, ${docs}) g`.execute(db);
  for (const [position, exponent] of [
    [0, 1.8],
    [1, 1.2],
    [2, 1],
  ] as const) {
    await sql`
      insert into solution_pain_points (solution_id, pain_point_id, position)
      select id, (${painIds}::uuid[])[1 + floor(power(random(), ${exponent}) * ${painIds.length})::int], ${position}
      from solutions where ${position} = 0 or random() < ${position === 1 ? 0.6 : 0.25}
      on conflict do nothing`.execute(db);
  }
  for (let k = 0; k < 3; k++) {
    await sql`
      insert into solution_technologies (solution_id, technology_id)
      select id, (${techIds}::uuid[])[1 + floor(power(random(), 1.5) * ${techIds.length})::int]
      from solutions where random() < ${[0.95, 0.6, 0.3][k]!}
      on conflict do nothing`.execute(db);
  }
  await sql`insert into solution_authors (solution_id, user_id, position) select id, ${member.id}::uuid, 0 from solutions where random() < 0.01`.execute(
    db,
  );
  await sql`insert into solution_slugs (slug, solution_id) select slug, id from solutions`.execute(db);
  await sql`insert into solution_revisions (solution_id, revision, snapshot, body_html, body_text) select id, 1, '{}'::jsonb, body_html, body_text from solutions`.execute(
    db,
  );
  await sql`update solutions s set
      pain_point_ids = array(select pain_point_id from solution_pain_points p where p.solution_id = s.id order by position),
      technology_keys = array(select lower(t.name) from solution_technologies st join technologies t on t.id = st.technology_id where st.solution_id = s.id order by 1)`.execute(
    db,
  );
  await sql`alter table solution_pain_points enable trigger solution_pain_points_sync`.execute(db);
  await sql`alter table solution_technologies enable trigger solution_technologies_sync`.execute(db);
  await sql`vacuum analyze`.execute(db);

  const published = await db
    .selectFrom("solutions")
    .select(["slug", "id"])
    .where("status", "=", "published")
    .where("visibility", "=", "group")
    .limit(2000)
    .execute();
  return {
    db,
    member,
    curator,
    painPointSlugs: taxonomy.flatMap((a) => a.painPoints.map((p) => p.slug)),
    subsidiaryCodes: subsidiaries.map((s) => s.code),
    solutionSlugs: published.map((r) => r.slug),
    solutionIds: published.map((r) => r.id),
    fewerRelated: 0,
    bodies: {
      count: n,
      minHtml: Math.min(...bodies.map((b) => Buffer.byteLength(b.html))),
      maxHtml: Math.max(...bodies.map((b) => Buffer.byteLength(b.html))),
      meanHtml: Math.round(bodies.reduce((sum, b) => sum + Buffer.byteLength(b.html), 0) / n),
    },
  };
}

/** What recording a reuse writes: the write-up's count and its search outbox row, in one transaction. */
async function touch(world: World, i: number) {
  const id = world.solutionIds[(i * 104_729) % world.solutionIds.length]!;
  await world.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("solutions")
      .set((eb) => ({ reuseCount: eb("reuseCount", "+", 1) }))
      .where("id", "=", id)
      .execute();
    await tx.insertInto("searchOutbox").values({ entityType: "solution", entityId: id }).execute();
  });
}

async function scenarios(world: World) {
  const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
  const browse = (actor: SessionUser, query: (i: number) => string) => async (i: number) => {
    await browseCatalog(world.db, actor, readCatalogRequest(new URLSearchParams(query(i))), { strict: false });
  };
  // The reading page's route loader itself, called as Remix calls it (the Express layer has already
  // found the signed-in user: that is the context).
  const { loader } = await import("../app/routes/solutions.$slug._index");
  const context = {
    requestId: "bench",
    auth: { ...ANONYMOUS, user: world.member, via: "session" },
    clientIp: "127.0.0.1",
  } as AppLoadContext;
  const readPage = async (i: number) => {
    const slug = pick(world.solutionSlugs, i);
    const request = new Request(`http://127.0.0.1/solutions/${slug}`, { headers: { "Accept-Language": "en" } });
    const data = await loader({ request, context, params: { slug } });
    if (data.solution.slug !== slug) throw new Error(`bench write-up ${slug} read wrong`);
    if (data.related.length < 5) world.fewerRelated += 1;
  };
  return [
    { name: "catalog, member, no filter", run: browse(world.member, () => "") },
    {
      name: "catalog, member, 1 filter (pain point)",
      run: browse(world.member, (i) => `painPoint=${pick(world.painPointSlugs, i)}`),
    },
    {
      name: "catalog, member, 2 filters (pain point + subsidiary)",
      run: browse(
        world.member,
        (i) => `painPoint=${pick(world.painPointSlugs, i)}&subsidiary=${pick(world.subsidiaryCodes, i + 3)}`,
      ),
    },
    {
      name: "catalog, member, 2 filters (sector + year), sort by title, page 5",
      run: browse(world.member, (i) => `sector=${pick([...SECTORS], i)}&year=${2018 + (i % 9)}&sort=title&page=5`),
    },
    {
      name: "catalog, curator, 2 filters (pain point + technology)",
      run: browse(
        world.curator,
        (i) => `painPoint=${pick(world.painPointSlugs, i)}&technology=${pick(TECHNOLOGIES, i)}`,
      ),
    },
    { name: "write-up page loader (the route's loader: slug, access, content, related, reuse)", run: readPage },
  ];
}

runIfMain(import.meta, main);

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { getDb } from "~/lib/db.server";
import { validateRichText } from "~/lib/rich-text/validate.server";
import type { SessionUser } from "~/lib/session.server";
import { action as importAction, loader as importLoader } from "~/routes/curate.import";
import { DEMO_SUBSIDIARIES } from "~/services/demo-content.server";
import { parseImportFile } from "~/services/import-file.server";
import { importSolutions, type ImportInputFile } from "~/services/import.server";
import { createSubsidiary } from "~/services/subsidiaries.server";
import { seedTaxonomy } from "~/services/taxonomy-seed.server";
import { main as exportCli } from "../../scripts/export";
import { main as importCli, readMarkdownFiles } from "../../scripts/import";
import { createUser } from "../factories/accounts";
import { BASE, call, contextFor, cookieFor, payload } from "../support/remix";

/**
 * The import and export of write-ups as Markdown files (issue 5), against the fixtures in
 * tests/fixtures/import/: three good files (one in a nested folder), a broken front matter, an unknown
 * pain point, a Latin-1 file, a duplicate slug, and a huge file generated here (too big to commit).
 */
const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "import");
const tmpDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-import-"));
  tmpDirs.push(dir);
  return dir;
}

/** The fixtures plus `huge.md` (a valid file with a 1.2 MB body), in a folder we may change. */
function fixtureFolder(): string {
  const dir = tempDir();
  fs.cpSync(FIXTURES, dir, { recursive: true });
  const paragraph = "Clash coordination keeps the ceiling voids free of surprises. ".repeat(20);
  const body = Array.from({ length: 1000 }, () => paragraph).join("\n\n");
  fs.writeFileSync(
    path.join(dir, "huge.md"),
    `---\ntitle: A huge write-up\nsummary: Far too long.\nsubsidiary: WUH\npainPoints: [late-design-clashes]\n---\n\n${body}\n`,
  );
  return dir;
}

const GOOD = {
  wuh: { file: "good/wuh-station-clash-review.md", slug: "wuh-station-clash-review" },
  szx: { file: "good/szx-wind-study.md", slug: "xing-ren-feng-huan-jing-kuai-su-ping-gu-mo-ban" },
  hq: { file: "good/nested/hq-model-checklist.md", slug: "hq-model-checklist" },
};

let admin: SessionUser;
let curator: SessionUser;
let wuhLead: SessionUser;
let wuhMember: SessionUser;
const subsidiaryIds = new Map<string, string>();

beforeAll(async () => {
  const db = getDb();
  for (const s of DEMO_SUBSIDIARIES) subsidiaryIds.set(s.code, (await createSubsidiary(db, null, s)).id);
  await seedTaxonomy(db);
  const make = (email: string, code: string, role: SessionUser["role"]) =>
    createUser(db, { email, subsidiaryId: subsidiaryIds.get(code)!, role });
  admin = await make("zhang.wei@example.com", "HQ", "admin");
  curator = await make("chen.jing@example.com", "HQ", "curator");
  await make("sun.hao@example.com", "HQ", "member");
  wuhLead = await make("li.na@example.com", "WUH", "lead");
  wuhMember = await make("wang.lei@example.com", "WUH", "member");
  await make("guo.ming@example.com", "SZX", "member");
});

afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
});
afterEach(() => vi.restoreAllMocks());

async function solutionCount(): Promise<number> {
  const row = await getDb()
    .selectFrom("solutions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function solutionBySlug(slug: string) {
  return getDb().selectFrom("solutions").selectAll().where("slug", "=", slug).executeTakeFirst();
}

async function revisionCount(solutionId: string): Promise<number> {
  const row = await getDb()
    .selectFrom("solutionRevisions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("solutionId", "=", solutionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const failedFiles = (summary: { failed: { file: string }[] }) => summary.failed.map((f) => f.file).sort();
const reasonFor = (summary: { failed: { file: string; reason: string }[] }, file: string) =>
  summary.failed.find((f) => f.file === file)?.reason ?? "";

describe("parsing and the bad files", () => {
  it("a dry run reports every outcome, names file, key and value for each failure, and writes nothing", async () => {
    const folder = fixtureFolder();
    const summary = await importSolutions(getDb(), readMarkdownFiles(folder), { actor: admin, dryRun: true });

    expect(summary.dryRun).toBe(true);
    expect(summary.created.map((f) => f.file).sort()).toEqual([GOOD.wuh.file, GOOD.szx.file, GOOD.hq.file].sort());
    expect(summary.created.find((f) => f.file === GOOD.szx.file)?.slug).toBe(GOOD.szx.slug);
    expect(failedFiles(summary)).toEqual([
      "broken-front-matter.md",
      "huge.md",
      "non-utf8.md",
      "repeated/duplicate-slug.md",
      "unknown-pain-point.md",
    ]);
    expect(reasonFor(summary, "broken-front-matter.md")).toMatch(
      /front matter is not valid YAML \(line \d+ of the file\)/,
    );
    expect(reasonFor(summary, "huge.md")).toMatch(/Markdown body is 1\.\d MB; write-ups are limited to 1 MB/);
    expect(reasonFor(summary, "non-utf8.md")).toMatch(/not valid UTF-8/);
    expect(reasonFor(summary, "repeated/duplicate-slug.md")).toBe(
      `slug "wuh-station-clash-review" is also used by ${GOOD.wuh.file} in this import; each write-up needs its own slug`,
    );
    expect(reasonFor(summary, "unknown-pain-point.md")).toMatch(
      /^key "painPoints": unknown pain point "Roof damage is found too late"/,
    );
    expect(summary.notes).toContainEqual({
      file: GOOD.wuh.file,
      message: 'key "authors": no active user "nobody.here@example.com"; skipped',
    });

    expect(await solutionCount()).toBe(0);
    const painPoints = await getDb().selectFrom("painPoints").select("slug").execute();
    expect(painPoints).toHaveLength(26);
  });

  it("refuses wrong types and unknown keys with the key and the value", () => {
    const file = (frontMatter: string) => new TextEncoder().encode(`---\n${frontMatter}\n---\n\nBody.\n`);
    const base = "title: T\nsummary: S\nsubsidiary: WUH\npainPoints: [late-design-clashes]";
    expect(() => parseImportFile("a.md", file(`${base}\nyear: twenty`))).toThrow(
      'a.md: key "year" must be a whole number (value: "twenty")',
    );
    expect(() => parseImportFile("a.md", file(`${base}\nvisibility: secret`))).toThrow(
      'a.md: key "visibility" must be "group" or "subsidiary" (value: "secret")',
    );
    expect(() => parseImportFile("a.md", file(`${base}\ncolour: blue`))).toThrow(/a\.md: unknown key "colour"/);
    expect(() => parseImportFile("a.md", file("title: T\nsubsidiary: WUH\npainPoints: [x]"))).toThrow(
      'a.md: key "summary" is required',
    );
    expect(() =>
      parseImportFile("a.md", file(`${base.replace("[late-design-clashes]", "[a, b, c, d, e, f]")}`)),
    ).toThrow(/key "painPoints" must list 1 to 5 pain points/);
    expect(() => parseImportFile("a.md", new TextEncoder().encode("# Just Markdown\n"))).toThrow(
      /must start with YAML front matter/,
    );
  });
});

describe("npm run import", () => {
  it("imports through the services, is idempotent, and updates a changed file as a new revision", async () => {
    const folder = fixtureFolder();
    expect(await importCli([folder], { isTTY: false })).toBe(1);
    expect(output[0]).toMatch(/as zhang\.wei@example\.com \(the first admin; pass --as EMAIL/);
    expect(output).toContain(`[8/8] failed    unknown-pain-point.md`);
    expect(output.join("\n")).toMatch(/created: +3\n {2}updated: +0\n {2}unchanged: +0\n {2}failed: +5/);

    const wuh = (await solutionBySlug(GOOD.wuh.slug))!;
    expect(wuh).toMatchObject({
      status: "published",
      visibility: "group",
      liveRevision: 2,
      revision: 2,
      pendingChange: null,
      subsidiaryId: subsidiaryIds.get("WUH"),
      disciplines: ["bim", "mep", "structural"],
      sector: "transport",
      year: 2023,
      title: "Clash reviews for a transfer station, run every week",
    });
    expect(wuh.metrics).toEqual([
      { label: "Clashes resolved", value: 1850, unit: "clashes", baseline: null },
      { label: "Site change orders", value: 6, unit: "orders", baseline: 41 },
    ]);
    const painPoints = await getDb()
      .selectFrom("solutionPainPoints")
      .innerJoin("painPoints", "painPoints.id", "solutionPainPoints.painPointId")
      .select("painPoints.slug")
      .where("solutionId", "=", wuh.id)
      .orderBy("solutionPainPoints.position")
      .execute();
    expect(painPoints.map((p) => p.slug)).toEqual(["late-design-clashes", "slow-design-review", "version-confusion"]);
    const authors = await getDb()
      .selectFrom("solutionAuthors")
      .select("userId")
      .where("solutionId", "=", wuh.id)
      .execute();
    expect(authors.map((a) => a.userId)).toEqual([wuhMember.id]);
    // Published through publishSolution: a transition and a search outbox row, like any write-up.
    const transitions = await getDb()
      .selectFrom("solutionTransitions")
      .select(["fromStatus", "toStatus", "actorId"])
      .where("solutionId", "=", wuh.id)
      .orderBy("id")
      .execute();
    expect(transitions).toEqual([
      { fromStatus: "new", toStatus: "draft", actorId: admin.id },
      { fromStatus: "draft", toStatus: "published", actorId: admin.id },
    ]);
    const outbox = await getDb().selectFrom("searchOutbox").select("entityId").where("entityId", "=", wuh.id).execute();
    expect(outbox.length).toBeGreaterThan(0);
    expect(wuh.bodyText).toContain("Only 6 change orders came from clashes");
    expect(await solutionBySlug(GOOD.szx.slug)).toMatchObject({
      status: "draft",
      visibility: "subsidiary",
      sector: "commercial",
      disciplines: ["architecture"],
    });
    expect(await solutionBySlug(GOOD.hq.slug)).toMatchObject({ status: "published", sector: "public" });

    // The same files again: nothing changes.
    output = [];
    expect(await importCli([folder], { isTTY: false })).toBe(1);
    expect(output.join("\n")).toMatch(/created: +0\n {2}updated: +0\n {2}unchanged: +3\n {2}failed: +5/);
    expect(await revisionCount(wuh.id)).toBe(2);

    // A changed summary: a new revision, published again.
    const file = path.join(folder, GOOD.wuh.file);
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace("which cleared 1,850 clashes", "which cleared 1,852 clashes"),
    );
    const summary = await importSolutions(getDb(), readMarkdownFiles(folder), { actor: admin });
    expect(summary.updated).toEqual([{ file: GOOD.wuh.file, slug: GOOD.wuh.slug }]);
    expect(summary.unchanged.map((f) => f.file).sort()).toEqual([GOOD.hq.file, GOOD.szx.file].sort());
    const updated = (await solutionBySlug(GOOD.wuh.slug))!;
    expect(updated).toMatchObject({ revision: 3, liveRevision: 3, pendingChange: null, status: "published" });
    expect(updated.summary).toContain("1,852 clashes");
    expect(await revisionCount(wuh.id)).toBe(3);
    const note = await getDb()
      .selectFrom("solutionRevisions")
      .select("note")
      .where("solutionId", "=", wuh.id)
      .where("revision", "=", 3)
      .executeTakeFirstOrThrow();
    expect(note.note).toBe(`imported from ${GOOD.wuh.file}`);
  });

  it("--create-missing creates an unknown pain point in the Imported area, if the importer may", async () => {
    const folder = tempDir();
    fs.copyFileSync(path.join(FIXTURES, "unknown-pain-point.md"), path.join(folder, "unknown-pain-point.md"));

    // A lead imports with their own rights: they may not create pain points.
    const asLead = await importSolutions(getDb(), readMarkdownFiles(folder), {
      asEmail: wuhLead.email,
      createMissing: true,
    });
    expect(asLead.failed[0]?.reason).toBe(
      'key "painPoints": unknown pain point "Roof damage is found too late", and li.na@example.com may not create pain points',
    );

    const summary = await importSolutions(getDb(), readMarkdownFiles(folder), { actor: curator, createMissing: true });
    expect(summary.failed).toEqual([]);
    expect(summary.created).toEqual([{ file: "unknown-pain-point.md", slug: "wuh-drone-roof-inspections" }]);
    expect(summary.notes.map((n) => n.message)).toContain(
      'created pain point "Roof damage is found too late" in the area "Imported"',
    );
    const created = await getDb()
      .selectFrom("painPoints")
      .innerJoin("painPointAreas", "painPointAreas.id", "painPoints.areaId")
      .select(["painPoints.slug", "painPoints.nameEn", "painPointAreas.slug as area"])
      .where("painPoints.nameEn", "=", "Roof damage is found too late")
      .executeTakeFirstOrThrow();
    expect(created).toEqual({
      slug: "roof-damage-is-found-too-late",
      nameEn: "Roof damage is found too late",
      area: "imported",
    });
    // A curator imports for the whole group: published although the write-up belongs to WUH.
    expect(await solutionBySlug("wuh-drone-roof-inspections")).toMatchObject({ status: "published" });
  });

  it("--as a member imports with the member's rights: publishing is refused and nothing of the file stays", async () => {
    const folder = tempDir();
    const text = fs
      .readFileSync(path.join(FIXTURES, GOOD.wuh.file), "utf8")
      .replace("slug: wuh-station-clash-review", "slug: wuh-member-import");
    fs.writeFileSync(path.join(folder, "member.md"), text);
    const summary = await importSolutions(getDb(), readMarkdownFiles(folder), { asEmail: wuhMember.email });
    expect(summary.failed).toEqual([
      {
        file: "member.md",
        reason:
          'key "status": "published", but wang.lei@example.com may not publish write-ups of WUH (import it as "draft", or as that subsidiary\'s lead)',
      },
    ]);
    // All-or-nothing: the write-up created before the refused publication was rolled back.
    expect(await solutionBySlug("wuh-member-import")).toBeUndefined();

    // Another subsidiary's write-up: neither a new one nor changes to an existing one.
    const hq = fs.readFileSync(path.join(FIXTURES, GOOD.hq.file), "utf8");
    fs.writeFileSync(path.join(folder, "member.md"), hq.replace("slug: hq-model-checklist", "slug: hq-by-a-member"));
    const created = await importSolutions(getDb(), readMarkdownFiles(folder), { asEmail: wuhMember.email });
    expect(created.failed[0]?.reason).toMatch(
      /^key "subsidiary": wang\.lei@example\.com may not write up solutions for HQ/,
    );
    await importSolutions(getDb(), [{ name: "hq.md", bytes: new TextEncoder().encode(hq) }], { actor: admin });
    fs.writeFileSync(path.join(folder, "member.md"), hq.replace("rose from 61", "went up from 61"));
    const updated = await importSolutions(getDb(), readMarkdownFiles(folder), { asEmail: wuhMember.email });
    expect(updated.failed[0]?.reason).toBe(
      'wang.lei@example.com may not edit the existing write-up "hq-model-checklist"',
    );
  });
});

describe("npm run export", () => {
  it("writes the import format, and export -> import round-trips (fields and body text identical)", async () => {
    // Import the good fixtures (again: idempotent if an earlier test did).
    const good = tempDir();
    fs.cpSync(path.join(FIXTURES, "good"), path.join(good, "good"), { recursive: true });
    const first = await importSolutions(getDb(), readMarkdownFiles(good), { actor: admin });
    expect(first.failed).toEqual([]);

    const out = tempDir();
    expect(await exportCli([out, "--subsidiary", "HQ"])).toBe(0);
    expect(fs.readdirSync(out)).toEqual([`${GOOD.hq.slug}.md`]);
    expect(await exportCli([out])).toBe(0);
    expect(output.at(-1)).toMatch(/^Exported \d+ write-ups to /);
    const exported = fs.readdirSync(out).sort();
    for (const { slug } of Object.values(GOOD)) expect(exported).toContain(`${slug}.md`);

    // The HQ fixture is written in the export's own vocabulary (codes, slugs, English names), so
    // its front matter comes back identical; every file's body has the same text.
    const original = parseImportFile(GOOD.hq.file, fs.readFileSync(path.join(FIXTURES, GOOD.hq.file)));
    const roundTripped = parseImportFile("x.md", fs.readFileSync(path.join(out, `${GOOD.hq.slug}.md`)));
    const frontMatter = (text: string) => parse(/^---\n([\s\S]*?)\n---/.exec(text)![1]!);
    expect(frontMatter(fs.readFileSync(path.join(out, `${GOOD.hq.slug}.md`), "utf8"))).toEqual(
      frontMatter(fs.readFileSync(path.join(FIXTURES, GOOD.hq.file), "utf8")),
    );
    for (const { file, slug } of Object.values(GOOD)) {
      const source = parseImportFile(file, fs.readFileSync(path.join(FIXTURES, file)));
      const back = parseImportFile(`${slug}.md`, fs.readFileSync(path.join(out, `${slug}.md`)));
      expect(bodyText(back), file).toBe(bodyText(source));
      expect(back.frontMatter.title).toBe(source.frontMatter.title);
      expect(back.frontMatter.summary).toBe(source.frontMatter.summary);
    }
    expect(roundTripped.frontMatter).toEqual({ ...original.frontMatter });

    // Importing the export changes nothing at all.
    const again = await importSolutions(getDb(), readMarkdownFiles(out), { actor: admin });
    expect(again.failed).toEqual([]);
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged.length).toBe(exported.length);

    // And exporting again gives the same bytes.
    const out2 = tempDir();
    await exportCli([out2]);
    for (const name of exported) {
      expect(fs.readFileSync(path.join(out2, name), "utf8")).toBe(fs.readFileSync(path.join(out, name), "utf8"));
    }
  });
});

function bodyText(file: ReturnType<typeof parseImportFile>): string {
  const checked = validateRichText(JSON.stringify(file.body));
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.text;
}

describe("the web import (/curate/import)", () => {
  function uploadRequest(cookie: string, files: { name: string; bytes: Uint8Array }[], intent: string) {
    const form = new FormData();
    for (const f of files) form.append("files", new Blob([new Uint8Array(f.bytes)]), f.name);
    form.append("intent", intent);
    return new Request(`${BASE}/curate/import`, {
      method: "POST",
      body: form,
      headers: { Origin: BASE, Cookie: cookie },
    });
  }

  async function post(user: SessionUser, files: ImportInputFile[], intent: string) {
    const request = uploadRequest(await cookieFor(user.id), files, intent);
    return call(async () => importAction({ request, params: {}, context: await contextFor(request) }));
  }

  const fixture = (file: string, name = path.basename(file)) => ({
    name,
    bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, file))),
  });

  it("is for curators and admins only", async () => {
    for (const user of [wuhMember, wuhLead]) {
      const request = new Request(`${BASE}/curate/import`, { headers: { Cookie: await cookieFor(user.id) } });
      const page = await call(async () => importLoader({ request, params: {}, context: await contextFor(request) }));
      expect(page.status).toBe(403);
      expect((await post(user, [fixture(GOOD.wuh.file)], "preview")).status).toBe(403);
    }
    const anonymous = new Request(`${BASE}/curate/import`);
    const redirect = await call(async () =>
      importLoader({ request: anonymous, params: {}, context: await contextFor(anonymous) }),
    );
    expect(redirect.status).toBe(302);
  });

  it("previews .md files and .zip archives without writing, then imports them", async () => {
    const zip = zipSync({
      "cases/web-one.md": strToU8(
        fs.readFileSync(path.join(FIXTURES, GOOD.wuh.file), "utf8").replace(GOOD.wuh.slug, "web-zip-one"),
      ),
      "__MACOSX/cases/._web-one.md": strToU8("resource fork"),
      "cases/readme.txt": strToU8("not a write-up"),
    });
    const files = [
      fixture(GOOD.hq.file, "web-hq.md"),
      { name: "cases.zip", bytes: zip },
      fixture("broken-front-matter.md"),
      { name: "notes.txt", bytes: strToU8("hello") },
    ];
    const before = await solutionCount();

    const preview = await post(curator, files, "preview");
    expect(preview.status).toBe(200);
    const previewSummary = payload(preview.value).summary;
    expect(previewSummary.dryRun).toBe(true);
    expect(previewSummary.actorEmail).toBe(curator.email);
    expect(failedFiles(previewSummary)).toEqual(["broken-front-matter.md", "notes.txt"]);
    expect(reasonFor(previewSummary, "notes.txt")).toBe("only .md files and .zip archives of them can be imported");
    const planned = [...previewSummary.created, ...previewSummary.updated, ...previewSummary.unchanged];
    expect(planned.map((f: { file: string }) => f.file).sort()).toEqual(["cases.zip/cases/web-one.md", "web-hq.md"]);
    expect(await solutionCount()).toBe(before);

    const run = await post(curator, files, "import");
    expect(run.status).toBe(200);
    const summary = payload(run.value).summary;
    expect(summary.dryRun).toBe(false);
    expect(summary.created.map((f: { slug: string }) => f.slug)).toContain("web-zip-one");
    expect(await solutionBySlug("web-zip-one")).toMatchObject({ status: "published" });
  });

  it("answers 400 without files and for an unknown intent", async () => {
    expect((await post(curator, [], "preview")).status).toBe(400);
    const unknown = await call(async () => {
      const request = uploadRequest(await cookieFor(curator.id), [fixture(GOOD.hq.file)], "explode");
      return importAction({ request, params: {}, context: await contextFor(request) });
    });
    expect(unknown.status).toBe(400);
  });
});

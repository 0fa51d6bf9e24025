import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { DEMO_SUBSIDIARIES } from "~/services/demo-content.server";
import { createSubsidiary } from "~/services/subsidiaries.server";
import { updatePainPoint } from "~/services/taxonomy.server";
import { seedTaxonomy } from "~/services/taxonomy-seed.server";
import { main as importCli } from "../../scripts/import";
import { CliError } from "../../scripts/lib/cli";
import { createUser } from "../factories/accounts";

/**
 * `npm run import` through its main(), flag by flag, as an operator runs it: what it prints, what it
 * writes (or not) and its exit code.
 */
const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "import");
const tmpDirs: string[] = [];
let admin: SessionUser;
let wuhMember: SessionUser;

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sx-import-cli-"));
  tmpDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const writeUp = (frontMatter: string) =>
  `---\n${frontMatter}\n---\n\n## Customer problem\n\nExposed water mains froze every January.\n\n## Solution\n\nHeat tracing with cheap temperature sensors and alerts.\n`;

const UNKNOWN_BOTH = writeUp(
  [
    "title: Frost protection for exposed water mains",
    "slug: frost-protection-water-mains",
    "summary: Heat-traced pipe runs watched by cheap sensors.",
    "subsidiary: Harbin Design Institute",
    "painPoints: [Pipes freeze in winter]",
    "status: draft",
  ].join("\n"),
);

let output: string[];
beforeAll(async () => {
  const db = getDb();
  const ids = new Map<string, string>();
  for (const s of DEMO_SUBSIDIARIES) ids.set(s.code, (await createSubsidiary(db, null, s)).id);
  await seedTaxonomy(db);
  admin = await createUser(db, { email: "zhang.wei@example.com", subsidiaryId: ids.get("HQ")!, role: "admin" });
  await createUser(db, { email: "li.na@example.com", subsidiaryId: ids.get("WUH")!, role: "lead" });
  wuhMember = await createUser(db, { email: "wang.lei@example.com", subsidiaryId: ids.get("WUH")!, role: "member" });
});
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  output = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
});
afterEach(() => vi.restoreAllMocks());

async function counts() {
  const db = getDb();
  const n = async (table: "solutions" | "subsidiaries" | "painPoints" | "solutionRevisions" | "auditLog") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    solutions: await n("solutions"),
    subsidiaries: await n("subsidiaries"),
    painPoints: await n("painPoints"),
    revisions: await n("solutionRevisions"),
    audit: await n("auditLog"),
  };
}

describe("npm run import, through main()", () => {
  it("--dry-run writes nothing, prints the summary a real run would give, and exits 1 if a file would fail", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sx-import-cli-"));
    tmpDirs.push(folder);
    fs.cpSync(FIXTURES, folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "harbin.md"), UNKNOWN_BOTH);
    const before = await counts();

    expect(await importCli([folder, "--dry-run", "--create-missing"], { isTTY: false })).toBe(1);
    expect(await counts()).toEqual(before);
    const text = output.join("\n");
    expect(output[0]).toMatch(/^Dry run: checking 8 files from .+ as zhang\.wei@example\.com \(the first admin/);
    expect(text).toContain("Dry run: nothing was written. A real run would report:");
    // --create-missing in a dry run: the unknown subsidiary and pain point would be created.
    // The good files, the unknown pain point (created) and harbin.md; broken, Latin-1 and duplicate fail.
    expect(text).toMatch(/created: +5\n {2}updated: +0\n {2}unchanged: +0\n {2}failed: +3/);
    expect(text).toContain('harbin.md: created subsidiary "Harbin Design Institute" with code HDI');
    expect(text).toContain('harbin.md: created pain point "Pipes freeze in winter" in the area "Imported"');
    expect(text).toMatch(/ {2}broken-front-matter\.md: the front matter is not valid YAML \(line 4 of the file\)/);
    expect(await getDb().selectFrom("subsidiaries").select("id").where("code", "=", "HDI").executeTakeFirst()).toBe(
      undefined,
    );
  });

  it("fails an unknown subsidiary naming the file, the key and the value; --create-missing creates it and the unknown pain point", async () => {
    const folder = folderWith({ "north/harbin.md": UNKNOWN_BOTH });
    const before = await counts();
    expect(await importCli([folder], { isTTY: false })).toBe(1);
    expect(output).toContain(
      '  north/harbin.md: key "subsidiary": unknown subsidiary "Harbin Design Institute" (use its code, English or Chinese name, or import with --create-missing)',
    );
    expect(output).toContain("[1/1] failed    north/harbin.md");
    expect(await counts()).toEqual(before);

    output = [];
    expect(await importCli([folder, "--create-missing"], { isTTY: false })).toBe(0);
    expect(output.join("\n")).toMatch(/created: +1\n {2}updated: +0\n {2}unchanged: +0\n {2}failed: +0/);
    const db = getDb();
    const subsidiary = await db
      .selectFrom("subsidiaries")
      .select(["id", "code", "nameEn"])
      .where("code", "=", "HDI")
      .executeTakeFirstOrThrow();
    expect(subsidiary.nameEn).toBe("Harbin Design Institute");
    const pain = await db
      .selectFrom("painPoints")
      .innerJoin("painPointAreas", "painPointAreas.id", "painPoints.areaId")
      .select(["painPoints.id", "painPoints.slug", "painPointAreas.slug as area"])
      .where("painPoints.nameEn", "=", "Pipes freeze in winter")
      .executeTakeFirstOrThrow();
    expect(pain).toMatchObject({ slug: "pipes-freeze-in-winter", area: "imported" });
    const solution = await db
      .selectFrom("solutions")
      .select(["id", "subsidiaryId", "status", "painPointIds", "createdBy"])
      .where("slug", "=", "frost-protection-water-mains")
      .executeTakeFirstOrThrow();
    expect(solution).toMatchObject({
      subsidiaryId: subsidiary.id,
      status: "draft",
      painPointIds: [pain.id],
      createdBy: admin.id,
    });

    // Again: the subsidiary and pain point now exist, the file is unchanged.
    output = [];
    expect(await importCli([folder, "--create-missing"], { isTTY: false })).toBe(0);
    expect(output.join("\n")).toMatch(/created: +0\n {2}updated: +0\n {2}unchanged: +1\n {2}failed: +0/);
  });

  it("--as EMAIL imports with that user's rights: their drafts succeed (exit 0), what they may not do fails (exit 1)", async () => {
    const draft = writeUp(
      [
        "title: Heat tracing checklist for station concourses",
        "slug: wuh-heat-tracing-checklist",
        "summary: What to check before the first frost.",
        "subsidiary: WUH",
        "painPoints: [late-design-clashes]",
        "status: draft",
      ].join("\n"),
    );
    const folder = folderWith({ "draft.md": draft });
    expect(await importCli([folder, "--as", wuhMember.email], { isTTY: false })).toBe(0);
    expect(output[0]).toMatch(/as wang\.lei@example\.com$/);
    const created = await getDb()
      .selectFrom("solutions")
      .select(["createdBy", "status"])
      .where("slug", "=", "wuh-heat-tracing-checklist")
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ createdBy: wuhMember.id, status: "draft" });

    // The member may neither publish nor create subsidiaries and pain points, even with --create-missing.
    output = [];
    const refused = folderWith({
      "publish.md": draft.replace("status: draft", "status: published").replace(/slug: .+/, "slug: wuh-member-publish"),
      "dalian.md": UNKNOWN_BOTH.replace("slug: frost-protection-water-mains", "slug: frost-by-a-member").replace(
        "Harbin",
        "Dalian",
      ),
    });
    const before = await counts();
    expect(await importCli([refused, "--as", wuhMember.email, "--create-missing"], { isTTY: false })).toBe(1);
    const text = output.join("\n");
    expect(text).toContain(
      `  publish.md: key "status": "published", but wang.lei@example.com may not publish write-ups of WUH`,
    );
    expect(text).toContain(
      '  dalian.md: key "subsidiary": unknown subsidiary "Dalian Design Institute", and wang.lei@example.com may not create subsidiaries',
    );
    expect((await counts()).solutions).toBe(before.solutions);
  });

  it("takes a pain point's former slug for the pain point it belongs to now, even with --create-missing", async () => {
    const db = getDb();
    const pain = await db
      .selectFrom("painPoints")
      .select(["id", "nameEn", "nameZh"])
      .where("slug", "=", "slow-design-review")
      .executeTakeFirstOrThrow();
    await updatePainPoint(db, admin, pain.id, {
      nameEn: pain.nameEn,
      nameZh: pain.nameZh,
      slug: "design-reviews-take-weeks",
      descriptionEn: "",
      descriptionZh: "",
      position: undefined,
    });
    const folder = folderWith({
      "old-export.md": writeUp(
        [
          "title: Review rounds in the model",
          "slug: hq-review-rounds-in-the-model",
          "summary: Exported before the pain point was re-slugged.",
          "subsidiary: HQ",
          "painPoints: [slow-design-review]",
          "status: draft",
        ].join("\n"),
      ),
    });
    const before = await counts();
    expect(await importCli([folder, "--create-missing"], { isTTY: false })).toBe(0);
    expect((await counts()).painPoints).toBe(before.painPoints);
    // The CLI closed the database it opened: ask for it again.
    const imported = await getDb()
      .selectFrom("solutions")
      .select("painPointIds")
      .where("slug", "=", "hq-review-rounds-in-the-model")
      .executeTakeFirstOrThrow();
    expect(imported.painPointIds).toEqual([pain.id]);
  });

  it("refuses bad arguments with a usage line, and an unknown --as user", async () => {
    const folder = folderWith({ "draft.md": UNKNOWN_BOTH });
    await expect(importCli([], { isTTY: false })).rejects.toThrow(CliError);
    await expect(importCli([folder, "--bogus"], { isTTY: false })).rejects.toThrow(/usage: npm run import --/);
    await expect(importCli([path.join(folder, "nope")], { isTTY: false })).rejects.toThrow(/does not exist/);
    await expect(importCli([folder, "--as", "nobody@example.com"], { isTTY: false })).rejects.toThrow(
      "there is no active user nobody@example.com",
    );
  });
});

/**
 * Checks the demo content in scripts/demo-content/ (loaded into an empty database when DEMO=true).
 *
 * Word counting for the 150-400 word rule on write-up bodies: latin words are runs of letters and digits
 * (with inner apostrophes, dots or hyphens, so "take-off", "li.na" and "2.5" are one word each); Chinese has
 * no spaces, so every Han character counts as 1/1.5 of a word (about 1.5 characters per word in modern
 * Chinese). words = latin words + Han characters / 1.5, rounded down. Markdown syntax is not counted.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const dir = path.join(import.meta.dirname, "..", "..", "scripts", "demo-content");

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, name), "utf8"));
}

type Subsidiary = { code: string; nameEn: string; nameZh: string; isHeadquarters: boolean };
type PainPoint = { slug: string; nameEn: string; nameZh: string; descriptionEn: string; descriptionZh: string };
type Area = PainPoint & { painPoints: PainPoint[] };
type User = { email: string; name: string; subsidiary: string; role: string; locale: string };
type Metric = { label: string; value: number; unit: string; baseline?: number };
type FrontMatter = {
  title: string;
  slug: string;
  summary: string;
  subsidiary: string;
  painPoints: string[];
  disciplines: string[];
  technologies: string[];
  sector: string;
  client: string;
  project: string;
  year: number;
  visibility: "group" | "subsidiary";
  status: "published" | "draft";
  language: "en" | "zh";
  authors: string[];
  metrics: Metric[];
};
type WriteUp = { file: string; data: FrontMatter; body: string };
type DemoPlan = {
  inReview: string[];
  revisions: { slug: string; summary: string; note: string }[];
  reuses: { slug: string; by: string; project: string; note?: string }[];
  featured: { slug: string; by: string }[];
};

/** Splits `---\n<yaml>\n---\n<body>` into its parts; throws when the file does not start with front matter. */
function splitFrontMatter(text: string): { frontMatter: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, "\n"));
  if (!match) throw new Error("no front matter");
  return { frontMatter: match[1]!, body: match[2]! };
}

const HAN = /\p{Script=Han}/gu;

function countWords(text: string): number {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.replace(HAN, " ").match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
  return Math.floor(latin + han / 1.5);
}

function hasHan(text: string): boolean {
  return new RegExp(HAN.source, "u").test(text);
}

/** Counts sentences: a run of text ended by . ! ? (followed by a space or the end) or by 。！？ */
function countSentences(text: string): number {
  return text
    .trim()
    .split(/(?<=[.!?])\s+|(?<=[。！？])/u)
    .filter((s) => s.trim() !== "").length;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HEADINGS = {
  en: ["Customer problem", "Our approach", "Results", "How to reuse", "Contacts"],
  zh: ["客户问题", "我们的方法", "成果", "如何复用", "联系人"],
};
const AREAS = [
  "Design coordination",
  "Construction site",
  "Operations & maintenance",
  "Project delivery",
  "Sustainability",
  "Client engagement",
];
const DISCIPLINES = [
  "Architecture",
  "Structural",
  "MEP",
  "BIM",
  "Urban planning",
  "Construction management",
  "Civil",
  "Geotechnical",
  "Landscape",
  "Fire engineering",
];
const SECTORS = [
  "Transport",
  "Healthcare",
  "Education",
  "Commercial",
  "Residential",
  "Industrial",
  "Water",
  "Energy",
  "Public",
];
const FRONT_MATTER_KEYS = [
  "title",
  "slug",
  "summary",
  "subsidiary",
  "painPoints",
  "disciplines",
  "technologies",
  "sector",
  "client",
  "project",
  "year",
  "visibility",
  "status",
  "language",
  "authors",
  "metrics",
];

const subsidiaries = readJson("subsidiaries.json") as Subsidiary[];
const taxonomy = readJson("taxonomy.json") as Area[];
const synonyms = readJson("synonyms.json") as string[][];
const users = readJson("users.json") as User[];
const plan = readJson("demo-plan.json") as DemoPlan;
const solutionsDir = path.join(dir, "solutions");
const writeUps: WriteUp[] = readdirSync(solutionsDir)
  .sort()
  .map((file) => {
    const { frontMatter, body } = splitFrontMatter(readFileSync(path.join(solutionsDir, file), "utf8"));
    return { file, data: parse(frontMatter) as FrontMatter, body };
  });

const painPoints = taxonomy.flatMap((area) => area.painPoints);
const codes = subsidiaries.map((s) => s.code);
const bySlug = new Map(writeUps.map((w) => [w.data.slug, w]));

function isStringList(value: unknown, min: number, max: number): boolean {
  return (
    Array.isArray(value) &&
    value.length >= min &&
    value.length <= max &&
    value.every((v) => typeof v === "string" && v.trim() !== "")
  );
}

describe("helpers", () => {
  it("splits front matter and counts words", () => {
    expect(splitFrontMatter("---\na: 1\n---\n\nbody\n")).toEqual({ frontMatter: "a: 1", body: "\nbody\n" });
    expect(() => splitFrontMatter("a: 1\n---\nbody")).toThrow();
    expect(countWords("## Quantity take-off is **slow**, li.na@example.com")).toBe(6);
    expect(countWords("工程量统计慢")).toBe(4);
    expect(countSentences("One. Two 2.5 m! 三。四")).toBe(4);
  });
});

describe("subsidiaries.json", () => {
  it("has 6 subsidiaries with unique uppercase codes and exactly one headquarters (HQ)", () => {
    expect(subsidiaries).toHaveLength(6);
    expect(new Set(codes).size).toBe(6);
    for (const s of subsidiaries) {
      expect(s.code).toMatch(/^[A-Z]{2,5}$/);
      expect(typeof s.nameEn === "string" && s.nameEn.trim() !== "").toBe(true);
      expect(hasHan(s.nameZh)).toBe(true);
      expect(typeof s.isHeadquarters).toBe("boolean");
      expect(Object.keys(s).sort()).toEqual(["code", "isHeadquarters", "nameEn", "nameZh"]);
    }
    expect(subsidiaries.filter((s) => s.isHeadquarters).map((s) => s.code)).toEqual(["HQ"]);
  });
});

describe("taxonomy.json", () => {
  it("has the 6 areas with 3-6 pain points each and 24-26 in total", () => {
    expect(taxonomy.map((a) => a.nameEn)).toEqual(AREAS);
    for (const area of taxonomy) {
      expect(area.painPoints.length, area.slug).toBeGreaterThanOrEqual(3);
      expect(area.painPoints.length, area.slug).toBeLessThanOrEqual(6);
    }
    expect(painPoints.length).toBeGreaterThanOrEqual(24);
    expect(painPoints.length).toBeLessThanOrEqual(26);
  });

  it("uses unique kebab-case slugs across the whole file", () => {
    const slugs = [...taxonomy.map((a) => a.slug), ...painPoints.map((p) => p.slug)];
    for (const slug of slugs) expect(slug).toMatch(KEBAB);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("names and describes every area and pain point in both languages", () => {
    for (const item of [...taxonomy, ...painPoints]) {
      for (const key of ["nameEn", "descriptionEn"] as const) {
        expect(typeof item[key] === "string" && item[key].trim() !== "" && !hasHan(item[key]), item.slug).toBe(true);
      }
      for (const key of ["nameZh", "descriptionZh"] as const) {
        expect(typeof item[key] === "string" && hasHan(item[key]), item.slug).toBe(true);
      }
      expect(countSentences(item.descriptionEn), item.slug).toBeLessThanOrEqual(2);
      expect(countSentences(item.descriptionZh), item.slug).toBeLessThanOrEqual(2);
    }
  });
});

describe("synonyms.json", () => {
  it("has at least 24 groups of 2-5 terms mixing English and Chinese", () => {
    expect(synonyms.length).toBeGreaterThanOrEqual(24);
    for (const group of synonyms) {
      expect(isStringList(group, 2, 5), JSON.stringify(group)).toBe(true);
      expect(group.some(hasHan), JSON.stringify(group)).toBe(true);
      expect(
        group.some((t) => !hasHan(t)),
        JSON.stringify(group),
      ).toBe(true);
    }
  });

  it("writes English terms in lowercase except acronyms, and lists each term once", () => {
    const all = synonyms.flat();
    for (const term of all) {
      for (const token of term.split(/\s+/)) {
        if (hasHan(token)) continue;
        const ok = token === token.toLowerCase() || /^[A-Z0-9]+$/.test(token) || /[A-Z].*[A-Z]/.test(token);
        expect(ok, term).toBe(true);
      }
    }
    const lower = all.map((t) => t.toLowerCase());
    expect(lower.filter((t, i) => lower.indexOf(t) !== i)).toEqual([]);
  });
});

describe("users.json", () => {
  it("has unique @example.com emails, valid subsidiaries, roles and locales", () => {
    const emails = users.map((u) => u.email);
    expect(new Set(emails).size).toBe(users.length);
    for (const u of users) {
      expect(u.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
      expect(u.name.trim()).not.toBe("");
      expect(codes).toContain(u.subsidiary);
      expect(["member", "lead", "curator", "admin"]).toContain(u.role);
      expect(["en", "zh"]).toContain(u.locale);
    }
  });

  it("has one admin and two curators at HQ, and a lead with 2 members in at least 4 other subsidiaries", () => {
    expect(users.filter((u) => u.role === "admin").map((u) => u.subsidiary)).toEqual(["HQ"]);
    expect(users.filter((u) => u.role === "curator").map((u) => u.subsidiary)).toEqual(["HQ", "HQ"]);
    const staffed = codes.filter(
      (code) =>
        code !== "HQ" &&
        users.filter((u) => u.subsidiary === code && u.role === "lead").length === 1 &&
        users.filter((u) => u.subsidiary === code && u.role === "member").length >= 2,
    );
    expect(staffed.length).toBeGreaterThanOrEqual(4);
  });
});

describe("solutions/*.md", () => {
  it("has exactly 40 Markdown write-ups named after their slugs", () => {
    expect(writeUps).toHaveLength(40);
    for (const w of writeUps) expect(w.file).toBe(`${w.data.slug}.md`);
    expect(bySlug.size).toBe(40);
  });

  it.each(writeUps.map((w) => [w.file, w] as const))("%s has valid front matter", (_file, { data }) => {
    expect(Object.keys(data).sort()).toEqual([...FRONT_MATTER_KEYS].sort());
    expect(typeof data.title === "string" && data.title.trim() !== "" && data.title.length <= 200).toBe(true);
    expect(data.slug).toMatch(KEBAB);
    expect(typeof data.summary === "string" && data.summary.length <= 600).toBe(true);
    expect(countSentences(data.summary)).toBeGreaterThanOrEqual(1);
    expect(countSentences(data.summary)).toBeLessThanOrEqual(3);
    expect(data.summary).not.toMatch(/[*_`#[\]<>]/);
    expect(codes).toContain(data.subsidiary);
    expect(isStringList(data.painPoints, 1, 3)).toBe(true);
    expect(new Set(data.painPoints).size).toBe(data.painPoints.length);
    for (const slug of data.painPoints) expect(painPoints.map((p) => p.slug)).toContain(slug);
    expect(isStringList(data.disciplines, 1, 10)).toBe(true);
    for (const d of data.disciplines) expect(DISCIPLINES).toContain(d);
    expect(isStringList(data.technologies, 1, 10)).toBe(true);
    expect(SECTORS).toContain(data.sector);
    for (const key of ["client", "project"] as const) {
      expect(typeof data[key] === "string" && data[key].trim() !== "").toBe(true);
    }
    expect(Number.isInteger(data.year) && data.year >= 2018 && data.year <= 2026).toBe(true);
    expect(["group", "subsidiary"]).toContain(data.visibility);
    expect(["published", "draft"]).toContain(data.status);
    expect(["en", "zh"]).toContain(data.language);
    expect(Array.isArray(data.metrics) && data.metrics.length >= 1 && data.metrics.length <= 3).toBe(true);
    for (const m of data.metrics) {
      expect(Object.keys(m).every((k) => ["label", "value", "unit", "baseline"].includes(k))).toBe(true);
      expect(typeof m.label === "string" && m.label.trim() !== "").toBe(true);
      expect(typeof m.value === "number" && Number.isFinite(m.value)).toBe(true);
      expect(typeof m.unit === "string" && m.unit.trim() !== "").toBe(true);
      if (m.baseline !== undefined) expect(typeof m.baseline === "number" && Number.isFinite(m.baseline)).toBe(true);
    }
  });

  it.each(writeUps.map((w) => [w.file, w] as const))(
    "%s is written by 1-2 members or leads of its subsidiary",
    (_file, { data, body }) => {
      expect(isStringList(data.authors, 1, 2)).toBe(true);
      expect(new Set(data.authors).size).toBe(data.authors.length);
      for (const email of data.authors) {
        const user = users.find((u) => u.email === email);
        expect(user, email).toBeDefined();
        expect(user!.subsidiary, email).toBe(data.subsidiary);
        expect(["member", "lead"], email).toContain(user!.role);
        expect(body.split(/^## /m).at(-1), email).toContain(email);
      }
    },
  );

  it.each(writeUps.map((w) => [w.file, w] as const))(
    "%s has a 150-400 word body in its language, with the section headings in order",
    (_file, { data, body }) => {
      const words = countWords(body);
      expect(words).toBeGreaterThanOrEqual(150);
      expect(words).toBeLessThanOrEqual(400);
      const headings = [...body.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
      expect(headings).toEqual(HEADINGS[data.language]);
      expect(body).not.toMatch(/^#(?!#)/m);
      const prose = body.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
      if (data.language === "zh") {
        expect(hasHan(data.title) && hasHan(data.summary)).toBe(true);
        // Mostly Chinese: Han characters outnumber latin letters in the prose.
        expect((prose.match(HAN) ?? []).length).toBeGreaterThan((prose.match(/[A-Za-z]/g) ?? []).length);
      } else {
        expect(hasHan(data.title) || hasHan(data.summary) || hasHan(prose)).toBe(false);
      }
    },
  );

  it.each(writeUps.map((w) => [w.file, w] as const))("%s has no raw HTML or images", (_file, { body }) => {
    const prose = body.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    expect(prose).not.toMatch(/<\/?[a-zA-Z][^>]*>/);
    expect(prose).not.toMatch(/!\[/);
  });

  it("uses tables, code blocks, blockquotes and links across the set", () => {
    const count = (re: RegExp) => writeUps.filter((w) => re.test(w.body)).length;
    expect(count(/^\|.*\|\n\|[ :|-]+\|$/m)).toBeGreaterThanOrEqual(3);
    expect(count(/^```/m)).toBeGreaterThanOrEqual(2);
    expect(count(/^> /m)).toBeGreaterThanOrEqual(2);
    expect(count(/\]\(https:\/\/example\.com\//)).toBeGreaterThanOrEqual(2);
    expect(count(/^1\. /m)).toBeGreaterThanOrEqual(2);
  });

  it("has 10 Chinese, 4 confidential and 3 draft write-ups", () => {
    expect(writeUps.filter((w) => w.data.language === "zh")).toHaveLength(10);
    expect(writeUps.filter((w) => w.data.visibility === "subsidiary")).toHaveLength(4);
    expect(writeUps.filter((w) => w.data.status === "draft")).toHaveLength(3);
  });

  it("gives every subsidiary at least 4 write-ups and covers at least 20 pain points", () => {
    for (const code of codes) {
      expect(writeUps.filter((w) => w.data.subsidiary === code).length, code).toBeGreaterThanOrEqual(4);
    }
    expect(new Set(writeUps.flatMap((w) => w.data.painPoints)).size).toBeGreaterThanOrEqual(20);
  });

  it("has unique titles", () => {
    const titles = writeUps.map((w) => w.data.title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});

describe("demo-plan.json", () => {
  it("moves 2 published, group-visible write-ups to review", () => {
    expect(plan.inReview).toHaveLength(2);
    expect(new Set(plan.inReview).size).toBe(2);
    for (const slug of plan.inReview) {
      const w = bySlug.get(slug);
      expect(w, slug).toBeDefined();
      expect(w!.data.status, slug).toBe("published");
      expect(w!.data.visibility, slug).toBe("group");
    }
  });

  it("revises at least 3 published write-ups that are not in review", () => {
    expect(plan.revisions.length).toBeGreaterThanOrEqual(3);
    for (const r of plan.revisions) {
      const w = bySlug.get(r.slug);
      expect(w, r.slug).toBeDefined();
      expect(w!.data.status, r.slug).toBe("published");
      expect(plan.inReview, r.slug).not.toContain(r.slug);
      expect(typeof r.summary === "string" && r.summary.trim() !== "" && r.summary.length <= 600).toBe(true);
      expect(countSentences(r.summary), r.slug).toBeLessThanOrEqual(3);
      expect(r.summary, r.slug).not.toBe(w!.data.summary);
      expect(hasHan(r.summary), r.slug).toBe(w!.data.language === "zh");
      expect(typeof r.note === "string" && r.note.trim() !== "").toBe(true);
    }
  });

  it("records reuse of live write-ups by demo users who may read them, mostly across subsidiaries, once per project", () => {
    expect(plan.reuses.length).toBeGreaterThanOrEqual(10);
    const keys = new Set<string>();
    let crossSubsidiary = 0;
    for (const r of plan.reuses) {
      const w = bySlug.get(r.slug);
      const user = users.find((u) => u.email === r.by);
      expect(w, r.slug).toBeDefined();
      expect(user, r.by).toBeDefined();
      expect(w!.data.status, r.slug).toBe("published");
      expect(plan.inReview, r.slug).not.toContain(r.slug);
      // Confidential write-ups are readable inside their subsidiary (and by curators and admins) only.
      if (w!.data.visibility === "subsidiary") expect(user!.subsidiary, r.slug).toBe(w!.data.subsidiary);
      if (user!.subsidiary !== w!.data.subsidiary) crossSubsidiary++;
      expect(r.project.trim().length, r.project).toBeGreaterThan(0);
      expect(r.project.length, r.project).toBeLessThanOrEqual(200);
      expect((r.note ?? "").length, r.project).toBeLessThanOrEqual(1000);
      const key = `${r.slug}|${user!.subsidiary}|${r.project.toLowerCase()}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
    }
    expect(crossSubsidiary).toBeGreaterThan(plan.reuses.length / 2);
  });

  it("features 3-4 live write-ups, each by a curator", () => {
    expect(plan.featured.length).toBeGreaterThanOrEqual(3);
    expect(plan.featured.length).toBeLessThanOrEqual(4);
    expect(new Set(plan.featured.map((f) => f.slug)).size).toBe(plan.featured.length);
    for (const f of plan.featured) {
      expect(bySlug.get(f.slug)?.data.status, f.slug).toBe("published");
      expect(plan.inReview, f.slug).not.toContain(f.slug);
      expect(users.find((u) => u.email === f.by)?.role, f.by).toBe("curator");
    }
  });
});

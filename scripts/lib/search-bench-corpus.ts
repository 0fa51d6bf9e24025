import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { loadDemoSubsidiaries, loadDemoTaxonomy, loadDemoWriteUps, type DemoWriteUp } from "./demo-vocabulary";

/**
 * A synthetic but realistic corpus for the search benchmark, built from the demo content's vocabulary:
 * titles recombine the demo titles' phrases, bodies are sentences drawn from demo bodies of the same
 * language (English ~75%, Chinese ~25%), with demo pain points, technologies, disciplines and sectors.
 * Seeded, so every run with the same size generates the same corpus.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Vocabulary {
  writeUps: DemoWriteUp[];
  english: DemoWriteUp[];
  chinese: DemoWriteUp[];
  englishSentences: string[];
  chineseSentences: string[];
  englishTitleWords: string[];
  chineseTitlePhrases: string[];
  technologies: string[];
  disciplines: string[];
  sectors: string[];
  painPoints: { slug: string; nameEn: string; nameZh: string; areaSlug: string }[];
  subsidiaries: ReturnType<typeof loadDemoSubsidiaries>;
}

const STOP = new Set([
  "a",
  "an",
  "the",
  "and",
  "for",
  "of",
  "to",
  "in",
  "on",
  "with",
  "by",
  "from",
  "at",
  "into",
  "its",
]);

export function loadVocabulary(): Vocabulary {
  const writeUps = loadDemoWriteUps();
  const english = writeUps.filter((w) => w.language === "en");
  const chinese = writeUps.filter((w) => w.language === "zh");
  const sentences = (docs: DemoWriteUp[], splitter: RegExp) =>
    docs.flatMap((d) =>
      d.bodyText
        .split(splitter)
        .map((s) => s.trim())
        .filter((s) => s.length > 12),
    );
  return {
    writeUps,
    english,
    chinese,
    englishSentences: sentences(english, /(?<=[.!?])\s+|\n/),
    chineseSentences: sentences(chinese, /(?<=[。！？；])|\n/),
    englishTitleWords: [
      ...new Set(
        english.flatMap((w) =>
          w.title
            .split(/[\s:,()]+/)
            .map((t) => t.replace(/[^A-Za-z0-9-]/g, ""))
            .filter((t) => t.length > 2 && !STOP.has(t.toLowerCase())),
        ),
      ),
    ],
    chineseTitlePhrases: [...new Set(chinese.flatMap((w) => w.title.split(/(?<=的)|(?<=与)|(?<=和)/).filter(Boolean)))],
    technologies: [...new Set(writeUps.flatMap((w) => w.technologies))],
    disciplines: [...new Set(writeUps.flatMap((w) => w.disciplines))],
    sectors: [...new Set(writeUps.map((w) => w.sector).filter((s): s is string => s !== null))],
    painPoints: loadDemoTaxonomy().flatMap((area) => area.painPoints.map((p) => ({ ...p, areaSlug: area.slug }))),
    subsidiaries: loadDemoSubsidiaries(),
  };
}

export interface SyntheticWriteUp {
  title: string;
  summary: string;
  bodyText: string;
  language: "en" | "zh";
  subsidiaryCode: string;
  painPointSlugs: string[];
  technologies: string[];
  disciplines: string[];
  sector: string;
  year: number;
  visibility: "group" | "subsidiary";
  reuseCount: number;
  featured: boolean;
  client: string;
  project: string;
  /** Published this many days before the benchmark ran. */
  ageDays: number;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function pickSome<T>(random: () => number, list: readonly T[], min: number, max: number): T[] {
  const count = min + Math.floor(random() * (max - min + 1));
  const chosen = new Set<T>();
  while (chosen.size < Math.min(count, list.length)) chosen.add(pick(random, list));
  return [...chosen];
}

export function generateWriteUp(vocabulary: Vocabulary, random: () => number, n: number): SyntheticWriteUp {
  const chinese = random() < 0.25;
  const template = pick(random, chinese ? vocabulary.chinese : vocabulary.english);
  const technologies = pickSome(random, vocabulary.technologies, 1, 4);
  let title: string;
  let bodyText = "";
  if (chinese) {
    title = `${pickSome(random, vocabulary.chineseTitlePhrases, 2, 3).join("")}（${technologies[0]}）`;
    while (bodyText.length < 700 + random() * 1_300) bodyText += pick(random, vocabulary.chineseSentences);
  } else {
    const words = pickSome(random, vocabulary.englishTitleWords, 4, 7);
    title = `${words.join(" ")} with ${technologies[0]}`;
    while (bodyText.length < 2_000 + random() * 3_000) bodyText += `${pick(random, vocabulary.englishSentences)} `;
  }
  return {
    title: `${title} #${n}`,
    summary: template.summary,
    bodyText: bodyText.trim(),
    language: chinese ? "zh" : "en",
    subsidiaryCode: pick(random, vocabulary.subsidiaries).code,
    painPointSlugs: pickSome(
      random,
      vocabulary.painPoints.map((p) => p.slug),
      1,
      3,
    ),
    technologies,
    disciplines: pickSome(random, vocabulary.disciplines, 1, 3),
    sector: pick(random, vocabulary.sectors),
    year: 2015 + Math.floor(random() * 11),
    visibility: random() < 0.1 ? "subsidiary" : "group",
    reuseCount: Math.floor(random() ** 3 * 60),
    featured: random() < 0.05,
    client: template.client ?? "Internal",
    project: template.project ?? "Group programme",
    ageDays: Math.floor(random() * 3_000),
  };
}

export interface CorpusIds {
  subsidiaries: Map<string, string>;
  painPoints: Map<string, string>;
  technologies: Map<string, string>;
}

/** Subsidiaries, taxonomy and technologies of the demo content. */
export async function insertReferenceData(db: Kysely<Database>, vocabulary: Vocabulary): Promise<CorpusIds> {
  const subsidiaries = new Map<string, string>();
  for (const s of vocabulary.subsidiaries) {
    const row = await db.insertInto("subsidiaries").values(s).returning(["id", "code"]).executeTakeFirstOrThrow();
    subsidiaries.set(row.code, row.id);
  }
  const painPoints = new Map<string, string>();
  for (const [i, area] of loadDemoTaxonomy().entries()) {
    const areaRow = await db
      .insertInto("painPointAreas")
      .values({ slug: area.slug, nameEn: area.nameEn, nameZh: area.nameZh, position: i })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [j, p] of area.painPoints.entries()) {
      const row = await db
        .insertInto("painPoints")
        .values({ areaId: areaRow.id, slug: p.slug, nameEn: p.nameEn, nameZh: p.nameZh, position: j })
        .returning("id")
        .executeTakeFirstOrThrow();
      painPoints.set(p.slug, row.id);
    }
  }
  const technologies = new Map<string, string>();
  for (const name of vocabulary.technologies) {
    const row = await db.insertInto("technologies").values({ name }).returning("id").executeTakeFirstOrThrow();
    technologies.set(name, row.id);
  }
  return { subsidiaries, painPoints, technologies };
}

const EMPTY_BODY = JSON.stringify({
  root: { type: "root", children: [], direction: null, format: "", indent: 0, version: 1 },
});

/**
 * Inserts published write-ups, their links and their outbox rows in one transaction, as a publish
 * does. `holdOutboxUntil` parks the outbox rows so the benchmark can release a whole corpus at once
 * and time the worker alone.
 */
export async function insertWriteUps(
  db: Kysely<Database>,
  ids: CorpusIds,
  writeUps: SyntheticWriteUp[],
  options: { authorId: string; firstNumber: number; holdOutboxUntil?: Date },
): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .insertInto("solutions")
      .values(
        writeUps.map((w, i) => ({
          slug: `bench-${options.firstNumber + i}`,
          subsidiaryId: ids.subsidiaries.get(w.subsidiaryCode)!,
          status: "published" as const,
          visibility: w.visibility,
          liveRevision: 1,
          title: w.title,
          summary: w.summary,
          body: EMPTY_BODY,
          bodyText: w.bodyText,
          sector: w.sector,
          client: w.client,
          project: w.project,
          year: w.year,
          disciplines: w.disciplines,
          languages: [w.language],
          reuseCount: w.reuseCount,
          featured: w.featured,
          createdBy: options.authorId,
          publishedAt: sql<Date>`now() - ${w.ageDays} * interval '1 day'`,
        })),
      )
      .returning("id")
      .execute();
    const solutionIds = rows.map((r) => r.id);
    await tx
      .insertInto("solutionPainPoints")
      .values(
        writeUps.flatMap((w, i) =>
          w.painPointSlugs.map((slug, position) => ({
            solutionId: solutionIds[i]!,
            painPointId: ids.painPoints.get(slug)!,
            position,
          })),
        ),
      )
      .execute();
    await tx
      .insertInto("solutionTechnologies")
      .values(
        writeUps.flatMap((w, i) =>
          w.technologies.map((name) => ({ solutionId: solutionIds[i]!, technologyId: ids.technologies.get(name)! })),
        ),
      )
      .execute();
    await tx
      .insertInto("solutionAuthors")
      .values(solutionIds.map((solutionId) => ({ solutionId, userId: options.authorId })))
      .execute();
    await tx
      .insertInto("searchOutbox")
      .values(
        solutionIds.map((entityId) => ({
          entityType: "solution",
          entityId,
          ...(options.holdOutboxUntil ? { availableAt: options.holdOutboxUntil } : {}),
        })),
      )
      .execute();
    return solutionIds;
  });
}

import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";

/**
 * Reads the demo content in scripts/demo-content/ (subsidiaries, pain-point taxonomy, write-ups) as
 * plain data, for tools that need realistic vocabulary in English and Chinese: the search benchmark's
 * synthetic corpus, and local trials of the search page. The demo seed proper lives with the catalog.
 */
export const DEMO_DIR = path.resolve(import.meta.dirname, "..", "demo-content");

export interface DemoSubsidiary {
  code: string;
  nameEn: string;
  nameZh: string;
  isHeadquarters: boolean;
}

export interface DemoArea {
  slug: string;
  nameEn: string;
  nameZh: string;
  painPoints: { slug: string; nameEn: string; nameZh: string }[];
}

export interface DemoWriteUp {
  slug: string;
  title: string;
  summary: string;
  subsidiary: string;
  painPoints: string[];
  disciplines: string[];
  technologies: string[];
  sector: string | null;
  client: string | null;
  project: string | null;
  year: number | null;
  visibility: "group" | "subsidiary";
  status: string;
  language: "en" | "zh";
  bodyText: string;
}

export function loadDemoSubsidiaries(): DemoSubsidiary[] {
  return JSON.parse(fs.readFileSync(path.join(DEMO_DIR, "subsidiaries.json"), "utf8")) as DemoSubsidiary[];
}

export function loadDemoTaxonomy(): DemoArea[] {
  return JSON.parse(fs.readFileSync(path.join(DEMO_DIR, "taxonomy.json"), "utf8")) as DemoArea[];
}

/** Markdown to the plain text a reader sees (good enough for search vocabulary). */
function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^\s*[-*+]\s+/gm, "")
    .replace(/^\s*\d+\.\s+/gm, "")
    .replace(/^\|?\s*:?-{3,}.*$/gm, "")
    .replace(/[|*_`>]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

const toKey = (value: string) => value.trim().toLowerCase().replace(/\s+/g, "-");

export function loadDemoWriteUps(): DemoWriteUp[] {
  const dir = path.join(DEMO_DIR, "solutions");
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${file}: no front matter`);
      const meta = parseYaml(match[1]!) as Record<string, unknown>;
      const list = (key: string) => (Array.isArray(meta[key]) ? (meta[key] as unknown[]).map(String) : []);
      const str = (key: string) => (typeof meta[key] === "string" ? (meta[key] as string) : null);
      return {
        slug: str("slug") ?? file.replace(/\.md$/, ""),
        title: str("title") ?? file,
        summary: str("summary") ?? "",
        subsidiary: str("subsidiary") ?? "HQ",
        painPoints: list("painPoints"),
        disciplines: list("disciplines").map(toKey),
        technologies: list("technologies"),
        sector: str("sector") ? toKey(str("sector")!) : null,
        client: str("client"),
        project: str("project"),
        year: typeof meta.year === "number" ? meta.year : null,
        visibility: meta.visibility === "subsidiary" ? "subsidiary" : "group",
        status: str("status") ?? "published",
        language: meta.language === "zh" ? "zh" : "en",
        bodyText: markdownToText(match[2]!),
      };
    });
}

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { runIfMain } from "./lib/cli";
import { buildApp, isBuildStale, PUBLIC_DIR, SERVER_BUILD } from "./lib/build";

/**
 * `npm run bench:bundle`: the JavaScript a browser downloads for a page (gzipped), from the production
 * build: the entry, the root and the page's route module with every static import, and separately what
 * the page loads lazily afterwards (the Lexical editor on edit pages). Reading pages must ship no
 * Lexical code.
 */
const IMPORT = /(?:from\s*|import\s*\(\s*|import\s*)["'](\/build\/[^"']+\.js)["']/g;
const DYNAMIC = /import\(\s*["'](\/build\/[^"']+\.js)["']\s*\)/g;

function fileFor(url: string): string {
  return path.join(PUBLIC_DIR, url.replace(/^\/build\//, "build/"));
}

/** Every module reachable through static imports (dynamic imports are collected separately). */
function closure(start: string[], lazy: Set<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const source = fs.readFileSync(fileFor(url), "utf8");
    for (const match of source.matchAll(DYNAMIC)) lazy.add(match[1]!);
    const staticSource = source.replace(DYNAMIC, "");
    for (const match of staticSource.matchAll(IMPORT)) queue.push(match[1]!);
  }
  return seen;
}

function gzipSize(urls: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    const bytes = fs.readFileSync(fileFor(url));
    raw += bytes.byteLength;
    gzip += zlib.gzipSync(bytes, { level: 9 }).byteLength;
  }
  return { raw, gzip };
}

function containsLexical(urls: Iterable<string>): boolean {
  for (const url of urls)
    if (/Lexical|lexical\.|\$getRoot|registerRichText/.test(fs.readFileSync(fileFor(url), "utf8"))) return true;
  return false;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function main(): Promise<number> {
  if (isBuildStale()) buildApp();
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  const { assets } = build;
  const pages = [
    ["Reading page (/solutions/:slug)", "routes/solutions.$slug._index"],
    ["Catalog (/solutions)", "routes/solutions._index"],
    ["Search (/search)", "routes/search"],
    ["Edit page (/solutions/:slug/edit)", "routes/solutions.$slug.edit"],
  ] as const;
  console.log("| page | JS on load (gzip) | lazy JS after load (gzip) | Lexical on load? |\n|---|---|---|---|");
  for (const [label, routeId] of pages) {
    const route = assets.routes[routeId];
    const root = assets.routes.root;
    if (!route || !root) {
      console.log(`| ${label} | route ${routeId} not in build | | |`);
      continue;
    }
    const starts = [
      assets.entry.module,
      ...assets.entry.imports,
      root.module,
      ...(root.imports ?? []),
      route.module,
      ...(route.imports ?? []),
    ];
    const lazy = new Set<string>();
    const onLoad = closure(starts, lazy);
    const lazyOnly = new Set([...closure([...lazy], new Set())].filter((url) => !onLoad.has(url)));
    const size = gzipSize(onLoad);
    const lazySize = gzipSize(lazyOnly);
    console.log(
      `| ${label} | ${kb(size.gzip)} (${kb(size.raw)} raw) | ${lazyOnly.size ? `${kb(lazySize.gzip)} (${kb(lazySize.raw)} raw)` : "none"} | ${containsLexical(onLoad) ? "yes" : "no"} |`,
    );
  }
  return 0;
}

runIfMain(import.meta, main);

import crypto from "node:crypto";
import type { Meilisearch, Settings } from "meilisearch";
import { describeMeiliError } from "./http-client";
import { waitForSuccess } from "./tasks";

/**
 * Applying settings makes Meilisearch re-process the whole index, even when nothing changed. So we
 * read the server's settings, compare, and send only the keys that really differ.
 */

/** Settings whose arrays are sets: Meilisearch may return them in another order (it sorts some). */
const UNORDERED_ARRAYS = new Set([
  "filterableAttributes",
  "sortableAttributes",
  "stopWords",
  "separatorTokens",
  "nonSeparatorTokens",
  "dictionary",
  "typoTolerance.disableOnAttributes",
  "typoTolerance.disableOnWords",
  "localizedAttributes",
  "localizedAttributes.attributePatterns",
  "localizedAttributes.locales",
]);

/** Settings compared as a whole: a key we removed must be removed on the server too. */
const EXACT_OBJECTS = new Set(["synonyms"]);

function normalize(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalize(item, path));
    return UNORDERED_ARRAYS.has(path)
      ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : items;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => {
        // Synonym lists are sets; their keys are data, not setting names.
        if (path === "synonyms" && Array.isArray(child)) return [key, [...child].sort()] as const;
        return [key, normalize(child, path ? `${path}.${key}` : key)] as const;
      })
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * A short, stable hash of the settings *except synonyms* (those are data curators edit, pushed on
 * their own). Key order and the order of set-like arrays do not count, so only a real change of a
 * setting gives a new hash. The index version is derived from it: see search/solutions-index.ts.
 */
export function settingsFingerprint(settings: Settings): string {
  const { synonyms: _synonyms, ...rest } = settings;
  return crypto
    .createHash("sha256")
    .update(JSON.stringify(normalize(rest, "")))
    .digest("base64url")
    .slice(0, 16);
}

/** True when `current` already has every value `desired` sets (extra defaults on the server are fine). */
function covers(current: unknown, desired: unknown, path: string): boolean {
  if (EXACT_OBJECTS.has(path)) return JSON.stringify(current ?? {}) === JSON.stringify(desired ?? {});
  if (desired && typeof desired === "object" && !Array.isArray(desired)) {
    if (!current || typeof current !== "object" || Array.isArray(current)) return false;
    return Object.entries(desired as Record<string, unknown>).every(([key, child]) =>
      covers((current as Record<string, unknown>)[key], child, path ? `${path}.${key}` : key),
    );
  }
  return JSON.stringify(current) === JSON.stringify(desired);
}

/** The keys of `desired` whose values the server does not have yet. Pure; unit-tested. */
export function diffSettings(current: Settings, desired: Settings): (keyof Settings)[] {
  const normalizedCurrent = normalize(current, "") as Record<string, unknown>;
  const normalizedDesired = normalize(desired, "") as Record<string, unknown>;
  return (Object.keys(desired) as (keyof Settings)[]).filter(
    (key) => !covers(normalizedCurrent[key], normalizedDesired[key], key),
  );
}

export async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getIndex(uid);
    return true;
  } catch (error) {
    if (describeMeiliError(error).code === "index_not_found") return false;
    throw error;
  }
}

/** Creates the index when missing; the primary key is always `id`. Returns whether it created it. */
export async function ensureIndex(client: Meilisearch, uid: string): Promise<boolean> {
  if (await indexExists(client, uid)) return false;
  try {
    await waitForSuccess(client.createIndex(uid, { primaryKey: "id" }));
  } catch (error) {
    // Another app instance created it between our check and our request: that is what we wanted.
    if (describeMeiliError(error).code !== "index_already_exists" && !(await indexExists(client, uid))) throw error;
  }
  return true;
}

/**
 * Makes the index's settings equal to `desired`, sending only what differs. Returns the keys it
 * changed (empty when the server already had them). Waits until Meilisearch has applied them.
 */
export async function applyIndexSettings(
  client: Meilisearch,
  uid: string,
  desired: Settings,
  options: { timeoutMs?: number } = {},
): Promise<(keyof Settings)[]> {
  await ensureIndex(client, uid);
  const index = client.index(uid);
  const changed = diffSettings(await index.getSettings(), desired);
  if (changed.length === 0) return [];
  const update = Object.fromEntries(changed.map((key) => [key, desired[key]])) as Settings;
  await waitForSuccess(index.updateSettings(update), options.timeoutMs ?? 10 * 60_000);
  return changed;
}

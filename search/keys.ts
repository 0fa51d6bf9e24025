import type { Meilisearch } from "meilisearch";
import { describeMeiliError } from "./http-client";

/**
 * The portal never searches or indexes with the master key. At start-up it uses the master key once
 * to make sure an API key with exactly the rights the server needs exists, and uses that key from
 * then on. A fixed uid makes this idempotent: Meilisearch derives the key from uid and master key.
 */
export const SERVER_KEY_UID = "5e1f0a2c-7d8b-4c3e-9a61-2b7f4d0e9c11";

export const SERVER_KEY_ACTIONS = [
  "search",
  "documents.*",
  "indexes.*",
  "tasks.*",
  "settings.*",
  "stats.*",
  "version",
] as const;

export async function ensureServerApiKey(masterClient: Meilisearch): Promise<string> {
  try {
    const existing = await masterClient.getKey(SERVER_KEY_UID);
    return existing.key;
  } catch (error) {
    if (describeMeiliError(error).status !== 404) throw error;
  }
  const created = await masterClient.createKey({
    uid: SERVER_KEY_UID,
    name: "solutions-exchange server",
    description: "Used by the portal process for indexing and search. Created at start-up.",
    actions: [...SERVER_KEY_ACTIONS],
    indexes: ["*"],
    expiresAt: null,
  });
  return created.key;
}

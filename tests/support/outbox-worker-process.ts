import { closeDatabase } from "~/lib/db.server";
import { createSearchWorker } from "~/lib/search-sync.server";
import { closeSearch } from "~/lib/search.server";

/**
 * An outbox worker in a process of its own, so a test can SIGKILL it mid-batch, exactly as a crash
 * or `kill -9` of the portal would. Configured by the environment (DATABASE_URL, MEILI_*), like the
 * portal; OUTBOX_LEASE_MS sets the lease so the test need not wait two minutes for it to run out.
 */
const worker = createSearchWorker({ leaseMs: Number(process.env.OUTBOX_LEASE_MS ?? 120_000) });
try {
  const claimed = await worker.drain();
  console.log(JSON.stringify({ claimed }));
} finally {
  closeSearch();
  await closeDatabase();
}

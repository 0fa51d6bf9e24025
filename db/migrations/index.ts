import type { Migration } from "kysely";
import * as appMetaAndOutbox from "./2026-11-25T13-30-00_app-meta-and-outbox";
import * as accounts from "./2026-11-25T14-00-00_accounts";
import * as solutions from "./2026-11-25T15-00-00_solutions";
import * as search from "./2026-11-25T16-00-00_search";
import * as catalog from "./2026-11-25T16-30-00_catalog";
import * as taxonomy from "./2026-11-25T17-00-00_taxonomy";
import * as reuseAndFeaturing from "./2026-11-25T18-00-00_reuse-and-featuring";
import * as catalogReusedOrder from "./2026-11-25T19-30-00_catalog-reused-order";
import * as unloggedRateLimits from "./2026-12-01T22-00-00_unlogged-rate-limits";
import * as relatedOrder from "./2026-12-01T23-30-00_related-order";
import * as solutionFactChanges from "./2026-12-02T06-00-00_solution-fact-changes";

/**
 * Every migration, listed by hand so the set is type-checked and works in any bundler.
 * Names are ISO timestamps; Kysely runs them in name order. Never edit a migration that has shipped.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-25T13-30-00_app-meta-and-outbox": appMetaAndOutbox,
  "2026-11-25T14-00-00_accounts": accounts,
  "2026-11-25T15-00-00_solutions": solutions,
  "2026-11-25T16-00-00_search": search,
  "2026-11-25T16-30-00_catalog": catalog,
  "2026-11-25T17-00-00_taxonomy": taxonomy,
  "2026-11-25T18-00-00_reuse-and-featuring": reuseAndFeaturing,
  "2026-11-25T19-30-00_catalog-reused-order": catalogReusedOrder,
  "2026-12-01T22-00-00_unlogged-rate-limits": unloggedRateLimits,
  "2026-12-01T23-30-00_related-order": relatedOrder,
  "2026-12-02T06-00-00_solution-fact-changes": solutionFactChanges,
};

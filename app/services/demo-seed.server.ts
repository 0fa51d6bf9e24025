import type { Db } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import type { SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { countCoreRows, lockForSeeding, truncateDataTables } from "~/models/data-reset.server";
import { enqueueSolutionIndexing } from "~/models/search-outbox.server";
import { getRevision, getSolutionAccess } from "~/models/solution.server";
import { spreadReuseDates } from "~/models/solution-reuse.server";
import { setSlugOfNewSolution } from "~/models/solution-slug.server";
import {
  listSolutionEvents,
  redateSolutions,
  type SolutionDates,
  type SolutionEvent,
} from "~/models/solution-timeline.server";
import { insertUser } from "~/models/user.server";
import { DEMO_PLAN, DEMO_SUBSIDIARIES, DEMO_USERS, readDemoWriteUps } from "./demo-content.server";
import { ServiceError } from "./errors";
import { setSolutionFeatured } from "./featuring.server";
import { toContentInput } from "./import-content.server";
import { parseImportFile, type ParsedImportFile } from "./import-file.server";
import { resolveReferences } from "./import-resolve.server";
import { recordReuse } from "./reuse.server";
import { inSharedTransaction } from "./shared-transaction.server";
import { createSolution, publishSolution, saveSolution, snapshotToInput, submitForReview } from "./solutions.server";
import { createSubsidiary } from "./subsidiaries.server";
import { seedSynonyms } from "./synonyms.server";
import { seedTaxonomy } from "./taxonomy-seed.server";

/**
 * Loads the demo content (scripts/demo-content/) into an empty database: `npm start` with DEMO=true,
 * and `npm run seed`. Write-ups go through the same services as the UI — each is created and saved by
 * its first author, submitted, and published by its subsidiary's lead — so seeding also exercises
 * them. The whole seed is one transaction (inSharedTransaction): it lands completely or not at all.
 */

/** Every demo account's password. Printed in the start banner while demo accounts still use it. */
export const DEMO_PASSWORD = "Demo-Solutions-2026";

export class DemoSeedRefusedError extends ServiceError {
  constructor(message: string) {
    super(409, "not_empty", message);
  }
}

export interface DemoSeedReport {
  subsidiaries: number;
  painPoints: number;
  synonymGroups: number;
  users: number;
  solutions: { published: number; inReview: number; draft: number };
  /** Later edits applied from demo-plan.json. */
  revisions: number;
  /** Reuse records and featured best practices from demo-plan.json. */
  reuses: number;
  featured: number;
  milliseconds: number;
}

export async function seedDemoContent(db: Db, options: { reset?: boolean } = {}): Promise<DemoSeedReport> {
  const started = performance.now();
  // The slow, pure parts first, outside the transaction: one argon2 hash shared by every demo account
  // (20 hashes would take ~1.5 s), and parsing the Markdown.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const files = readDemoWriteUps().map((f) => parseImportFile(f.name, f.bytes));

  return inSharedTransaction(db, async (tx) => {
    await lockForSeeding(tx);
    if (options.reset) {
      await resetData(tx);
    } else {
      const counts = await countCoreRows(tx);
      if (Object.values(counts).some((n) => n > 0)) {
        throw new DemoSeedRefusedError(
          `the database is not empty (${counts.users} users, ${counts.subsidiaries} subsidiaries, ${counts.solutions} write-ups, ${counts.painPoints} pain points); seeding would mix demo content into it. Use npm run seed -- --reset to delete everything and load the demo content.`,
        );
      }
    }
    const subsidiaryIds = new Map<string, string>();
    for (const subsidiary of DEMO_SUBSIDIARIES) {
      subsidiaryIds.set(subsidiary.code, (await createSubsidiary(tx, null, subsidiary)).id);
    }
    const taxonomy = await seedTaxonomy(tx);
    const synonymGroups = await seedSynonyms(tx);
    const users = await createDemoUsers(tx, passwordHash, subsidiaryIds);

    const report: DemoSeedReport = {
      subsidiaries: subsidiaryIds.size,
      painPoints: taxonomy.painPointsCreated,
      synonymGroups,
      users: users.size,
      solutions: { published: 0, inReview: 0, draft: 0 },
      revisions: 0,
      reuses: 0,
      featured: 0,
      milliseconds: 0,
    };
    const seeded = new Map<string, SeededWriteUp>();
    for (const file of files) {
      const writeUp = await seedWriteUp(tx, file, users);
      seeded.set(file.slug, writeUp);
      report.solutions[writeUp.state]++;
    }
    for (const revision of DEMO_PLAN.revisions) {
      const writeUp = seeded.get(revision.slug);
      if (!writeUp) throw new Error(`demo-plan.json revises an unknown write-up: ${revision.slug}`);
      await reviseWriteUp(tx, writeUp, revision);
      report.revisions++;
    }
    const seededWriteUp = (slug: string) => {
      const writeUp = seeded.get(slug);
      if (!writeUp) throw new Error(`demo-plan.json names an unknown write-up: ${slug}`);
      return writeUp;
    };
    const demoUser = (email: string) => {
      const user = users.get(email);
      if (!user) throw new Error(`demo-plan.json names an unknown demo user: ${email}`);
      return user;
    };
    for (const reuse of DEMO_PLAN.reuses) {
      await recordReuse(tx, demoUser(reuse.by), seededWriteUp(reuse.slug).id, reuse);
      report.reuses++;
    }
    for (const feature of DEMO_PLAN.featured) {
      await setSolutionFeatured(tx, demoUser(feature.by), seededWriteUp(feature.slug).id, true);
      report.featured++;
    }
    await spreadHistories(tx, [...seeded.values()]);
    // Reuse was recorded, and best practices featured, some time after publication.
    await spreadReuseDates(tx);
    report.milliseconds = Math.round(performance.now() - started);
    return report;
  });
}

/** Empties every data table; write-ups that were in the search index are queued for removal. */
async function resetData(tx: Db): Promise<void> {
  const previous = (await tx.selectFrom("solutions").select("id").execute()).map((r) => r.id);
  await truncateDataTables(tx);
  // The outbox worker removes documents whose write-up no longer exists.
  await enqueueSolutionIndexing(tx, previous);
}

/**
 * The demo accounts, all with DEMO_PASSWORD hashed once. Written with the same model calls as
 * createUserDirectly (user row + audit entry), minus its per-user hashing.
 */
async function createDemoUsers(tx: Db, passwordHash: string, subsidiaryIds: Map<string, string>) {
  const users = new Map<string, SessionUser>();
  for (const demo of DEMO_USERS) {
    const subsidiaryId = subsidiaryIds.get(demo.subsidiary);
    if (!subsidiaryId) throw new Error(`users.json: unknown subsidiary ${demo.subsidiary} for ${demo.email}`);
    const user = await insertUser(tx, {
      email: demo.email,
      displayName: demo.name,
      subsidiaryId,
      role: demo.role,
      passwordHash,
      locale: demo.locale,
    });
    await writeAuditLog(tx, {
      actorId: null,
      action: "user.created",
      targetType: "user",
      targetId: user.id,
      subsidiaryId,
      details: { role: user.role, via: "demo seed" },
    });
    users.set(user.email, {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      subsidiaryId: user.subsidiaryId,
      locale: user.locale,
    });
  }
  return users;
}

interface SeededWriteUp {
  id: string;
  slug: string;
  year: number | undefined;
  author: SessionUser;
  lead: SessionUser;
  state: "published" | "inReview" | "draft";
  /** The latest revision after the initial workflow; later ones are demo-plan edits. */
  initialRevision: number;
}

async function seedWriteUp(tx: Db, file: ParsedImportFile, users: Map<string, SessionUser>): Promise<SeededWriteUp> {
  const fm = file.frontMatter;
  const author = users.get(fm.authors?.[0] ?? "");
  if (!author) throw new Error(`${file.file}: the first author must be a demo user`);
  const lead = [...users.values()].find((u) => u.role === "lead" && u.subsidiaryId === author.subsidiaryId);
  if (!lead) throw new Error(`${file.file}: the author's subsidiary has no demo lead to publish it`);

  const refs = await resolveReferences(tx, file, { createMissing: false, actor: author });
  const input = toContentInput(file, refs, { importerId: author.id });
  const created = await createSolution(tx, author, {
    title: input.title,
    subsidiaryId: refs.subsidiaryId,
    locale: fm.language ?? "en",
    body: file.body,
  });
  const saved = await saveSolution(tx, author, created.id, created.revision, input);
  let state: SeededWriteUp["state"] = "draft";
  if (fm.status === "published") {
    await submitForReview(tx, author, created.id);
    state = "inReview";
    if (!DEMO_PLAN.inReview.includes(file.slug)) {
      await publishSolution(tx, lead, created.id);
      state = "published";
    }
  }
  await setSlugOfNewSolution(tx, created.id, file.slug);
  return {
    id: created.id,
    slug: file.slug,
    year: fm.year,
    author,
    lead,
    state,
    initialRevision: saved.revision,
  };
}

/** A later edit: the author changes the summary, submits the change, the lead publishes it. */
async function reviseWriteUp(tx: Db, writeUp: SeededWriteUp, revision: { summary: string; note: string }) {
  const access = await getSolutionAccess(tx, writeUp.id);
  const latest = access && (await getRevision(tx, writeUp.id, access.revision));
  if (!access || !latest) throw new Error(`demo write-up ${writeUp.slug} vanished`);
  await saveSolution(
    tx,
    writeUp.author,
    writeUp.id,
    access.revision,
    { ...snapshotToInput(latest.snapshot), summary: revision.summary },
    { note: revision.note },
  );
  await submitForReview(tx, writeUp.author, writeUp.id);
  await publishSolution(tx, writeUp.lead, writeUp.id);
}

// --- A believable timeline ---------------------------------------------------------------------------

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/** At least this long between a publication and each later demo-plan edit. */
const MIN_EDIT_INTERVAL_DAYS = 30;

/**
 * Spreads each write-up's history over time: published ones were published during their project's
 * year (never in the future), later edits are spread between then and now, drafts and reviews are
 * recent.
 */
async function spreadHistories(tx: Db, writeUps: readonly SeededWriteUp[]): Promise<void> {
  const events = await listSolutionEvents(
    tx,
    writeUps.map((w) => w.id),
  );
  const now = Date.now();
  await redateSolutions(
    tx,
    writeUps.map((w) => datesFor(w, events.get(w.id) ?? [], now)),
  );
}

function datesFor(writeUp: SeededWriteUp, events: readonly SolutionEvent[], now: number): SolutionDates {
  const lastRevision = Math.max(writeUp.initialRevision, ...events.map((e) => e.revision));
  const edits = lastRevision - writeUp.initialRevision;
  const hash = stableHash(writeUp.slug);
  let firstEnd: number;
  if (writeUp.state === "published") {
    const year = writeUp.year ?? new Date(now).getUTCFullYear() - 1;
    const inYear = Date.UTC(year, 1 + (hash % 10), 1 + (hash % 27), 9 + (hash % 8));
    firstEnd = Math.min(inYear, now - (edits * MIN_EDIT_INTERVAL_DAYS + 5 + (hash % 30)) * DAY);
  } else {
    firstEnd = now - (1 + (hash % 20)) * DAY;
  }
  const editInterval = (now - firstEnd) / (edits + 1);
  // Each phase (the first workflow, then each edit) ends at its publication; within a phase, revisions
  // are three days apart and the steps on one revision an hour apart.
  const dated = events.map((event, index) => {
    const phase = Math.max(0, event.revision - writeUp.initialRevision);
    const phaseEnd = firstEnd + phase * editInterval;
    const phaseLastRevision = phase === 0 ? writeUp.initialRevision : event.revision;
    const laterOnSameRevision = events.slice(index + 1).filter((e) => e.revision === event.revision).length;
    return {
      event,
      at: new Date(phaseEnd - (phaseLastRevision - event.revision) * 3 * DAY - laterOnSameRevision * HOUR),
    };
  });
  return {
    solutionId: writeUp.id,
    events: dated,
    createdAt: dated[0]?.at ?? new Date(firstEnd),
    updatedAt: dated.at(-1)?.at ?? new Date(firstEnd),
    publishedAt: writeUp.state === "published" ? new Date(firstEnd) : null,
  };
}

function stableHash(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash;
}

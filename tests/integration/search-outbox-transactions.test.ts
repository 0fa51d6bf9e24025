import { sql } from "kysely";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { getSolutionAccess } from "~/models/solution.server";
import { archiveSolution, publishSolution, restoreSolution, saveSolution } from "~/services/solutions.server";
import { createTeam } from "../factories/accounts";
import { contentInput, createSolutionAs, createTaxonomy } from "../factories/solution-workflow";

/**
 * A change that affects a search document and its outbox row commit together or not at all. Each
 * case runs the real service three times: with the outbox insert failing (the change is rolled back),
 * with another write of the same transaction failing (no outbox row is left behind), and normally
 * (the change and exactly one row). Failures are injected with PostgreSQL triggers in this file's
 * own schema.
 */
type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let painPointIds: string[];

beforeAll(async () => {
  team = await createTeam(getDb());
  painPointIds = [(await createTaxonomy(getDb())).painPoints[0]!.id];
  await sql`
    create or replace function injected_failure() returns trigger language plpgsql as $$
    begin
      raise exception 'injected failure on %', tg_table_name;
    end $$`.execute(getDb());
});

afterEach(() => stopFailing());

async function failInsertsInto(table: "search_outbox" | "solution_transitions" | "solution_revisions") {
  await sql`
    create trigger injected_failure before insert on ${sql.table(table)}
    for each row execute function injected_failure()`.execute(getDb());
}

async function stopFailing() {
  for (const table of ["search_outbox", "solution_transitions", "solution_revisions"]) {
    await sql`drop trigger if exists injected_failure on ${sql.table(table)}`.execute(getDb());
  }
}

async function outboxRowsFor(id: string): Promise<number> {
  const row = await getDb()
    .selectFrom("searchOutbox")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("entityType", "=", "solution")
    .where("entityId", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function state(id: string) {
  const solution = (await getSolutionAccess(getDb(), id))!;
  return { status: solution.status, visibility: solution.visibility, revision: solution.revision };
}

function publishedWriteUp(title: string) {
  return createSolutionAs(getDb(), team.member, {
    painPointIds,
    status: "published",
    lead: team.lead,
    overrides: { title },
  });
}

/**
 * Runs `change` with the outbox insert failing, then with `otherTable`'s insert failing, then for
 * real; returns the state before and after.
 */
async function expectAtomic(
  id: string,
  otherTable: "solution_transitions" | "solution_revisions",
  change: () => Promise<unknown>,
) {
  const before = await state(id);
  const rowsBefore = await outboxRowsFor(id);
  for (const table of ["search_outbox", otherTable] as const) {
    await failInsertsInto(table);
    await expect(change()).rejects.toThrow(`injected failure on ${table}`);
    await stopFailing();
    expect(await state(id)).toEqual(before);
    expect(await outboxRowsFor(id)).toBe(rowsBefore);
  }
  await change();
  expect(await outboxRowsFor(id)).toBe(rowsBefore + 1);
  return { before, after: await state(id) };
}

describe("the outbox row is written in the same transaction as", () => {
  it("archiving", async () => {
    const solution = await publishedWriteUp("Archived atomically");
    const { after } = await expectAtomic(solution.id, "solution_transitions", () =>
      archiveSolution(getDb(), team.lead, solution.id),
    );
    expect(after.status).toBe("archived");
  });

  it("restoring", async () => {
    const solution = await publishedWriteUp("Restored atomically");
    await archiveSolution(getDb(), team.lead, solution.id);
    const { after } = await expectAtomic(solution.id, "solution_transitions", () =>
      restoreSolution(getDb(), team.lead, solution.id),
    );
    expect(after.status).toBe("published");
  });

  it("making a published write-up confidential (which takes effect at once)", async () => {
    const solution = await publishedWriteUp("Tightened atomically");
    const { after } = await expectAtomic(solution.id, "solution_revisions", async () => {
      const current = (await getSolutionAccess(getDb(), solution.id))!;
      return saveSolution(
        getDb(),
        team.member,
        solution.id,
        current.revision,
        contentInput({
          authorIds: [team.member.id],
          painPointIds,
          title: "Tightened atomically",
          visibility: "subsidiary",
        }),
      );
    });
    expect(after.visibility).toBe("subsidiary");
  });

  it("publishing, including changes that open a write-up to the group", async () => {
    const solution = await publishedWriteUp("Opened atomically");
    const db = getDb();
    // Confidential first, then opened: the wider visibility waits for review and comes with the publish.
    for (const visibility of ["subsidiary", "group"] as const) {
      const current = (await getSolutionAccess(db, solution.id))!;
      await saveSolution(
        db,
        team.member,
        solution.id,
        current.revision,
        contentInput({ authorIds: [team.member.id], painPointIds, title: "Opened atomically", visibility }),
      );
    }
    expect((await state(solution.id)).visibility).toBe("subsidiary");
    const { after } = await expectAtomic(solution.id, "solution_transitions", () =>
      publishSolution(db, team.lead, solution.id),
    );
    expect(after.visibility).toBe("group");
  });
});

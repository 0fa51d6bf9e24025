import { describe, expect, it } from "vitest";
import {
  conditionToMeiliFilter,
  evaluateCondition,
  simplifyCondition,
  UnsafeFilterValueError,
  and,
  or,
  eq,
  all,
  none,
} from "~/policies/condition";
import { ACTIONS, can, type Action, type PolicyResources, type ReuseRef, type SolutionRef } from "~/policies/policy";
import { ROLES, type Actor, type Role } from "~/policies/roles";
import { listableSolutions, readableSolutions, SOLUTION_STATUSES, VISIBILITIES } from "~/policies/solution-visibility";

/**
 * The policy as a table: every role x every action, with every fact the rule looks at. Expected outcomes
 * are written out by hand from the product rules in the Accounts issue (and the write-up, reuse and
 * featuring issues), never computed: "1" = allowed, "0" = denied, spaces only for reading.
 *
 * The actor is always a user of subsidiary OWN; "own"/"other" is the subsidiary of the record.
 */
const OWN = "sub-own";
const OTHER = "sub-other";

function actor(role: Role): Actor {
  return { id: `actor-${role}`, role, subsidiaryId: OWN };
}

const outcome = (allowed: boolean) => (allowed ? "1" : "0");
const bits = (expected: string) => expected.replace(/ /g, "");

type ActionsWith<R> = {
  [A in Action]: PolicyResources[A] extends R ? (R extends PolicyResources[A] ? A : never) : never;
}[Action];
type GlobalAction = ActionsWith<undefined>;
type SolutionAction = ActionsWith<SolutionRef>;
type UserTargetAction = ActionsWith<{ target: PolicyResources["user.view"]["target"] }>;

/** Actions whose outcome the tables below check; the coverage test compares it with the policy's list. */
const covered = new Set<Action>();

// ---------------------------------------------------------------------------------------------------
// Actions about nothing in particular. One character per role: member lead curator admin.
const GLOBAL: Record<GlobalAction, string> = {
  "admin.access": "0101",
  "subsidiary.manage": "0001",
  "audit.read": "0001",
  "user.list": "0101",
  "taxonomy.manage": "0011",
  "synonyms.manage": "0011",
  "featured.manage": "0011",
  "collections.manage": "0011",
  "evaluations.manage": "0011",
  "kpis.read": "0011",
  "import.run": "0011",
};

describe("global actions (role)", () => {
  for (const [action, expected] of Object.entries(GLOBAL) as [GlobalAction, string][]) {
    covered.add(action);
    it(action, () => {
      expect(ROLES.map((r) => outcome(can(actor(r), action))).join("")).toBe(expected);
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// Creating a write-up for a subsidiary. One character per role: member lead curator admin.
const CREATE: Record<"own" | "other", string> = {
  own: "1111",
  other: "0001",
};

describe("solution.create (role x subsidiary)", () => {
  covered.add("solution.create");
  it.each(Object.entries(CREATE))("for the %s subsidiary", (where, expected) => {
    const subsidiaryId = where === "own" ? OWN : OTHER;
    expect(ROLES.map((r) => outcome(can(actor(r), "solution.create", { subsidiaryId }))).join("")).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// Actions on one write-up: role x (own/other subsidiary, co-author or not) x status x visibility.
// Each string has one character per (status, visibility) pair, in this order:
//   draft/group draft/subsidiary  in_review/group in_review/subsidiary
//   published/group published/subsidiary  archived/group archived/subsidiary
type Relation = "own" | "own, author" | "other" | "other, author";
type SolutionRow = Record<Relation, string>;
const DENY_ALL: SolutionRow = {
  own: "00 00 00 00",
  "own, author": "00 00 00 00",
  other: "00 00 00 00",
  "other, author": "00 00 00 00",
};

const SOLUTION: Record<SolutionAction, Record<Role, SolutionRow>> = {
  "solution.read": {
    member: { own: "00 00 11 11", "own, author": "11 11 11 11", other: "00 00 10 00", "other, author": "11 11 11 11" },
    lead: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "00 00 10 00", "other, author": "11 11 11 11" },
    curator: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "11 11 11 11", "other, author": "11 11 11 11" },
    admin: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "11 11 11 11", "other, author": "11 11 11 11" },
  },
  "solution.edit": {
    member: { own: "00 00 00 00", "own, author": "11 11 11 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    lead: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: { own: "00 00 00 00", "own, author": "11 11 11 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    admin: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "11 11 11 11", "other, author": "11 11 11 11" },
  },
  "solution.submit": {
    member: { own: "00 00 00 00", "own, author": "11 00 00 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    lead: { own: "11 00 00 00", "own, author": "11 00 00 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: { own: "00 00 00 00", "own, author": "11 00 00 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    admin: { own: "11 00 00 00", "own, author": "11 00 00 00", other: "11 00 00 00", "other, author": "11 00 00 00" },
  },
  "solution.review": {
    member: DENY_ALL,
    lead: { own: "11 11 00 00", "own, author": "11 11 00 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: DENY_ALL,
    admin: { own: "11 11 00 00", "own, author": "11 11 00 00", other: "11 11 00 00", "other, author": "11 11 00 00" },
  },
  "solution.archive": {
    member: DENY_ALL,
    lead: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: DENY_ALL,
    admin: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 11 00", "other, author": "00 00 11 00" },
  },
  "solution.restore": {
    member: DENY_ALL,
    lead: { own: "00 00 00 11", "own, author": "00 00 00 11", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: DENY_ALL,
    admin: { own: "00 00 00 11", "own, author": "00 00 00 11", other: "00 00 00 11", "other, author": "00 00 00 11" },
  },
  "solution.readPending": {
    member: { own: "00 00 00 00", "own, author": "11 11 11 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    lead: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: { own: "00 00 00 00", "own, author": "11 11 11 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    admin: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "11 11 11 11", "other, author": "11 11 11 11" },
  },
  "solution.delete": {
    member: { own: "00 00 00 00", "own, author": "11 11 00 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    lead: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "00 00 00 00", "other, author": "00 00 00 00" },
    curator: { own: "00 00 00 00", "own, author": "11 11 00 00", other: "00 00 00 00", "other, author": "00 00 00 00" },
    admin: { own: "11 11 11 11", "own, author": "11 11 11 11", other: "11 11 11 11", "other, author": "11 11 11 11" },
  },
  "solution.feature": {
    member: DENY_ALL,
    lead: DENY_ALL,
    curator: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 11 00", "other, author": "00 00 11 00" },
    admin: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 11 00", "other, author": "00 00 11 00" },
  },
  "solution.recordReuse": {
    member: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 10 00", "other, author": "00 00 11 00" },
    lead: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 10 00", "other, author": "00 00 11 00" },
    curator: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 11 00", "other, author": "00 00 11 00" },
    admin: { own: "00 00 11 00", "own, author": "00 00 11 00", other: "00 00 11 00", "other, author": "00 00 11 00" },
  },
};

const COMBINATIONS = SOLUTION_STATUSES.flatMap((status) => VISIBILITIES.map((visibility) => ({ status, visibility })));

function solutionFor(
  a: Actor,
  relation: Relation,
  status: SolutionRef["status"],
  visibility: SolutionRef["visibility"],
) {
  return {
    subsidiaryId: relation.startsWith("own") ? OWN : OTHER,
    status,
    visibility,
    authorIds: relation.endsWith("author") ? ["someone-else", a.id] : ["someone-else"],
  } satisfies SolutionRef;
}

describe("write-up actions (role x subsidiary x authorship x status x visibility)", () => {
  for (const [action, byRole] of Object.entries(SOLUTION) as [SolutionAction, Record<Role, SolutionRow>][]) {
    covered.add(action);
    for (const role of ROLES) {
      for (const [relation, expected] of Object.entries(byRole[role]) as [Relation, string][]) {
        it(`${action}: ${role}, ${relation}`, () => {
          const a = actor(role);
          const outcomes = COMBINATIONS.map(({ status, visibility }) =>
            outcome(can(a, action, solutionFor(a, relation, status, visibility))),
          );
          expect(outcomes.join("")).toBe(bits(expected));
        });
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Withdrawing a reuse record. One character per role: member lead curator admin.
const WITHDRAW_REUSE: [string, (a: Actor) => ReuseRef, string][] = [
  ["recorded by the actor, for their own subsidiary", (a) => ({ userId: a.id, subsidiaryId: OWN }), "1111"],
  ["recorded by the actor, for another subsidiary", (a) => ({ userId: a.id, subsidiaryId: OTHER }), "1111"],
  ["recorded by someone else, own subsidiary", () => ({ userId: "someone-else", subsidiaryId: OWN }), "0101"],
  ["recorded by someone else, other subsidiary", () => ({ userId: "someone-else", subsidiaryId: OTHER }), "0001"],
  ["whose recorder is gone, own subsidiary", () => ({ userId: null, subsidiaryId: OWN }), "0101"],
  ["whose recorder is gone, other subsidiary", () => ({ userId: null, subsidiaryId: OTHER }), "0001"],
];

describe("solution.withdrawReuse (role x recorder x subsidiary)", () => {
  covered.add("solution.withdrawReuse");
  it.each(WITHDRAW_REUSE)("a record %s", (_name, reuse, expected) => {
    expect(ROLES.map((r) => outcome(can(actor(r), "solution.withdrawReuse", reuse(actor(r))))).join("")).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// Managing accounts: actor role x target subsidiary x target role. One character per target role:
// member lead curator admin.
type UserRow = Record<"own" | "other", string>;
const USER_TARGET: Record<UserTargetAction, Record<Role, UserRow>> = {
  "user.view": {
    member: { own: "0000", other: "0000" },
    lead: { own: "1111", other: "0000" },
    curator: { own: "0000", other: "0000" },
    admin: { own: "1111", other: "1111" },
  },
  "user.changeSubsidiary": {
    member: { own: "0000", other: "0000" },
    lead: { own: "0000", other: "0000" },
    curator: { own: "0000", other: "0000" },
    admin: { own: "1111", other: "1111" },
  },
  "user.deactivate": {
    member: { own: "0000", other: "0000" },
    lead: { own: "1100", other: "0000" },
    curator: { own: "0000", other: "0000" },
    admin: { own: "1111", other: "1111" },
  },
  "user.issueReset": {
    member: { own: "0000", other: "0000" },
    lead: { own: "1100", other: "0000" },
    curator: { own: "0000", other: "0000" },
    admin: { own: "1111", other: "1111" },
  },
};

const target = (role: Role, where: "own" | "other") => ({
  id: `target-${role}`,
  role,
  subsidiaryId: where === "own" ? OWN : OTHER,
});

describe("account actions (role x subsidiary x target role)", () => {
  for (const [action, byRole] of Object.entries(USER_TARGET) as [UserTargetAction, Record<Role, UserRow>][]) {
    covered.add(action);
    for (const role of ROLES) {
      for (const [where, expected] of Object.entries(byRole[role]) as ["own" | "other", string][]) {
        it(`${action}: ${role} on the ${where} subsidiary`, () => {
          const outcomes = ROLES.map((targetRole) =>
            outcome(can(actor(role), action, { target: target(targetRole, where) })),
          );
          expect(outcomes.join("")).toBe(expected);
        });
      }
    }
  }

  // Inviting: actor role x subsidiary x the role invited (member lead curator admin).
  const INVITE: Record<Role, UserRow> = {
    member: { own: "0000", other: "0000" },
    lead: { own: "1100", other: "0000" },
    curator: { own: "0000", other: "0000" },
    admin: { own: "1111", other: "1111" },
  };
  covered.add("user.invite");
  for (const role of ROLES) {
    for (const [where, expected] of Object.entries(INVITE[role]) as ["own" | "other", string][]) {
      it(`user.invite: ${role} into the ${where} subsidiary`, () => {
        const subsidiaryId = where === "own" ? OWN : OTHER;
        const outcomes = ROLES.map((invited) =>
          outcome(can(actor(role), "user.invite", { subsidiaryId, role: invited })),
        );
        expect(outcomes.join("")).toBe(expected);
      });
    }
  }

  // Changing a role: actor role x subsidiary x current role of the target; one character per new role
  // (member lead curator admin), one group of four per current role (member lead curator admin).
  const CHANGE_ROLE: Record<Role, UserRow> = {
    member: { own: "0000 0000 0000 0000", other: "0000 0000 0000 0000" },
    lead: { own: "1100 1100 0000 0000", other: "0000 0000 0000 0000" },
    curator: { own: "0000 0000 0000 0000", other: "0000 0000 0000 0000" },
    admin: { own: "1111 1111 1111 1111", other: "1111 1111 1111 1111" },
  };
  covered.add("user.changeRole");
  for (const role of ROLES) {
    for (const [where, expected] of Object.entries(CHANGE_ROLE[role]) as ["own" | "other", string][]) {
      it(`user.changeRole: ${role} on the ${where} subsidiary`, () => {
        const outcomes = ROLES.flatMap((current) =>
          ROLES.map((next) =>
            outcome(can(actor(role), "user.changeRole", { target: target(current, where), role: next })),
          ),
        );
        expect(outcomes.join("")).toBe(bits(expected));
      });
    }
  }

  // On one's own account: view change-role change-subsidiary deactivate reset, per role.
  const SELF: Record<Role, string> = { member: "10000", lead: "10000", curator: "10000", admin: "10000" };
  it.each(ROLES)("a %s on their own account", (role) => {
    const self = actor(role);
    const outcomes = [
      can(self, "user.view", { target: self }),
      ROLES.some((next) => can(self, "user.changeRole", { target: self, role: next })),
      can(self, "user.changeSubsidiary", { target: self }),
      can(self, "user.deactivate", { target: self }),
      can(self, "user.issueReset", { target: self }),
    ].map(outcome);
    expect(outcomes.join("")).toBe(SELF[role]);
  });
});

// ---------------------------------------------------------------------------------------------------
describe("the table covers the whole policy", () => {
  it("has rows for every action the policy knows, and no others", () => {
    expect([...covered].sort()).toEqual([...ACTIONS].sort());
  });

  it("has a row for every role", () => {
    expect([...ROLES].sort()).toEqual(["admin", "curator", "lead", "member"]);
    for (const byRole of [...Object.values(SOLUTION), ...Object.values(USER_TARGET)]) {
      expect(Object.keys(byRole).sort()).toEqual([...ROLES].sort());
    }
  });

  it("lets nobody anonymous do anything", () => {
    const solution: SolutionRef = { subsidiaryId: OWN, status: "published", visibility: "group", authorIds: [] };
    const someone = { id: "x", role: "member" as const, subsidiaryId: OWN };
    const resources: { [A in Action]: PolicyResources[A] } = {
      ...(Object.fromEntries(Object.keys(GLOBAL).map((a) => [a, undefined])) as Record<GlobalAction, undefined>),
      ...(Object.fromEntries(Object.keys(SOLUTION).map((a) => [a, solution])) as Record<SolutionAction, SolutionRef>),
      ...(Object.fromEntries(Object.keys(USER_TARGET).map((a) => [a, { target: someone }])) as Record<
        UserTargetAction,
        { target: typeof someone }
      >),
      "solution.create": { subsidiaryId: OWN },
      "solution.withdrawReuse": { userId: null, subsidiaryId: OWN },
      "user.invite": { subsidiaryId: OWN, role: "member" },
      "user.changeRole": { target: someone, role: "member" },
    };
    for (const action of ACTIONS) {
      const check = can as (a: null | undefined, action: Action, resource?: unknown) => boolean;
      expect(check(null, action, resources[action]), action).toBe(false);
      expect(check(undefined, action, resources[action]), action).toBe(false);
    }
  });
});

describe("visibility conditions", () => {
  it("list only published write-ups", () => {
    const a = actor("admin");
    const draft = { subsidiaryId: OWN, status: "draft", visibility: "group", authorIds: [] };
    expect(evaluateCondition(readableSolutions(a), draft)).toBe(true);
    expect(evaluateCondition(listableSolutions(a), draft)).toBe(false);
  });

  it("compile to a Meilisearch filter with quoted values", () => {
    expect(conditionToMeiliFilter(listableSolutions({ id: "u-1", role: "member", subsidiaryId: "abc-123" }))).toEqual({
      match: "filter",
      filter:
        '(((status = "published") AND (visibility = "group")) OR ((subsidiaryId = "abc-123") AND (status IN ["published", "archived"])) OR (authorIds = "u-1")) AND (status = "published")',
    });
  });

  it("folds constants", () => {
    expect(conditionToMeiliFilter(readableSolutions(actor("curator")))).toEqual({ match: "all" });
    expect(simplifyCondition(and(all(), eq("status", "x")))).toEqual(eq("status", "x"));
    expect(simplifyCondition(or(none(), none()))).toEqual(none());
    expect(conditionToMeiliFilter(and(none(), eq("status", "x")))).toEqual({ match: "none" });
  });

  it("refuses to build a filter from a value that is not an id", () => {
    expect(() => conditionToMeiliFilter(eq("subsidiaryId", 'x" OR visibility = "subsidiary'))).toThrow(
      UnsafeFilterValueError,
    );
    expect(() => conditionToMeiliFilter(eq("subsidiaryId", ""))).toThrow(UnsafeFilterValueError);
  });
});

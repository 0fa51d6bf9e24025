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
import { can, type Action, type SolutionRef } from "~/policies/policy";
import type { Actor, Role } from "~/policies/roles";
import { listableSolutions, readableSolutions, SOLUTION_STATUSES, VISIBILITIES } from "~/policies/solution-visibility";

const OWN = "sub-own";
const OTHER = "sub-other";

function actor(role: Role, subsidiaryId = OWN, id = `${role}-1`): Actor {
  return { id, role, subsidiaryId };
}

/**
 * Expected outcomes, written by hand from the product rules in the Accounts issue. Each string has one
 * character per (status, visibility) pair in this order:
 *   draft/group draft/subsidiary  in_review/group in_review/subsidiary
 *   published/group published/subsidiary  archived/group archived/subsidiary
 * "1" = allowed, "0" = denied. Spaces are for reading only.
 */
const SOLUTION_TABLE: Record<string, Partial<Record<Action, string>>> = {
  "member, own subsidiary, not an author": {
    "solution.read": "00 00 11 11",
    "solution.edit": "00 00 00 00",
    "solution.submit": "00 00 00 00",
    "solution.review": "00 00 00 00",
    "solution.archive": "00 00 00 00",
    "solution.restore": "00 00 00 00",
    "solution.readPending": "00 00 00 00",
    "solution.delete": "00 00 00 00",
    "solution.recordReuse": "00 00 11 00",
    "solution.feature": "00 00 00 00",
  },
  "member, own subsidiary, author": {
    "solution.read": "11 11 11 11",
    "solution.edit": "11 11 11 00",
    "solution.submit": "11 00 00 00",
    "solution.review": "00 00 00 00",
    "solution.archive": "00 00 00 00",
    "solution.restore": "00 00 00 00",
    "solution.readPending": "11 11 11 00",
    "solution.delete": "11 11 00 00",
    "solution.recordReuse": "00 00 11 00",
    "solution.feature": "00 00 00 00",
  },
  "member, other subsidiary": {
    "solution.read": "00 00 10 00",
    "solution.edit": "00 00 00 00",
    "solution.submit": "00 00 00 00",
    "solution.review": "00 00 00 00",
    "solution.archive": "00 00 00 00",
    "solution.restore": "00 00 00 00",
    "solution.readPending": "00 00 00 00",
    "solution.delete": "00 00 00 00",
    "solution.recordReuse": "00 00 10 00",
    "solution.feature": "00 00 00 00",
  },
  "lead, own subsidiary": {
    "solution.read": "11 11 11 11",
    "solution.edit": "11 11 11 11",
    "solution.submit": "11 00 00 00",
    "solution.review": "11 11 00 00",
    "solution.archive": "00 00 11 00",
    "solution.restore": "00 00 00 11",
    "solution.readPending": "11 11 11 11",
    "solution.delete": "11 11 11 11",
    "solution.recordReuse": "00 00 11 00",
    "solution.feature": "00 00 00 00",
  },
  "lead, other subsidiary": {
    "solution.read": "00 00 10 00",
    "solution.edit": "00 00 00 00",
    "solution.submit": "00 00 00 00",
    "solution.review": "00 00 00 00",
    "solution.archive": "00 00 00 00",
    "solution.restore": "00 00 00 00",
    "solution.readPending": "00 00 00 00",
    "solution.delete": "00 00 00 00",
    "solution.recordReuse": "00 00 10 00",
    "solution.feature": "00 00 00 00",
  },
  "curator, other subsidiary": {
    "solution.read": "11 11 11 11",
    "solution.edit": "00 00 00 00",
    "solution.submit": "00 00 00 00",
    "solution.review": "00 00 00 00",
    "solution.archive": "00 00 00 00",
    "solution.restore": "00 00 00 00",
    "solution.readPending": "00 00 00 00",
    "solution.delete": "00 00 00 00",
    "solution.recordReuse": "00 00 11 00",
    "solution.feature": "00 00 11 00",
  },
  "admin, other subsidiary": {
    "solution.read": "11 11 11 11",
    "solution.edit": "11 11 11 11",
    "solution.submit": "11 00 00 00",
    "solution.review": "11 11 00 00",
    "solution.archive": "00 00 11 00",
    "solution.restore": "00 00 00 11",
    "solution.readPending": "11 11 11 11",
    "solution.delete": "11 11 11 11",
    "solution.recordReuse": "00 00 11 00",
    "solution.feature": "00 00 11 00",
  },
};

const ACTORS: Record<string, { actor: Actor; author: boolean }> = {
  "member, own subsidiary, not an author": { actor: actor("member", OWN), author: false },
  "member, own subsidiary, author": { actor: actor("member", OWN), author: true },
  "member, other subsidiary": { actor: actor("member", OTHER), author: false },
  "lead, own subsidiary": { actor: actor("lead", OWN), author: false },
  "lead, other subsidiary": { actor: actor("lead", OTHER), author: false },
  "curator, other subsidiary": { actor: actor("curator", OTHER), author: false },
  "admin, other subsidiary": { actor: actor("admin", OTHER), author: false },
};

const COMBINATIONS = SOLUTION_STATUSES.flatMap((status) => VISIBILITIES.map((visibility) => ({ status, visibility })));

describe("solution permissions (role x relation x status x visibility)", () => {
  for (const [who, actions] of Object.entries(SOLUTION_TABLE)) {
    const { actor: a, author } = ACTORS[who]!;
    for (const [action, expected] of Object.entries(actions)) {
      it(`${who}: ${action}`, () => {
        const outcomes = COMBINATIONS.map(({ status, visibility }) => {
          const solution: SolutionRef = {
            subsidiaryId: OWN,
            status,
            visibility,
            authorIds: author ? [a.id] : ["someone-else"],
          };
          return can(a, action as "solution.read", solution) ? "1" : "0";
        });
        expect(outcomes.join("")).toBe(expected.replace(/ /g, ""));
      });
    }
  }

  it("nobody anonymous may do anything", () => {
    const solution: SolutionRef = { subsidiaryId: OWN, status: "published", visibility: "group", authorIds: [] };
    expect(can(null, "solution.read", solution)).toBe(false);
    expect(can(undefined, "admin.access")).toBe(false);
  });

  it("only the owning subsidiary's members and admins create write-ups for it", () => {
    expect(can(actor("member", OWN), "solution.create", { subsidiaryId: OWN })).toBe(true);
    expect(can(actor("member", OTHER), "solution.create", { subsidiaryId: OWN })).toBe(false);
    expect(can(actor("lead", OTHER), "solution.create", { subsidiaryId: OWN })).toBe(false);
    expect(can(actor("curator", OTHER), "solution.create", { subsidiaryId: OWN })).toBe(false);
    expect(can(actor("admin", OTHER), "solution.create", { subsidiaryId: OWN })).toBe(true);
  });
});

describe("withdrawing a reuse record", () => {
  // Expected for actor roles member, lead, curator, admin, all of OWN subsidiary (not the recorder).
  const TABLE: [string, { userId: string | null; subsidiaryId: string }, string][] = [
    ["recorded by someone else of the actor's subsidiary", { userId: "someone-else", subsidiaryId: OWN }, "0101"],
    ["recorded by someone of another subsidiary", { userId: "someone-else", subsidiaryId: OTHER }, "0001"],
    ["whose recorder's account is gone", { userId: null, subsidiaryId: OWN }, "0101"],
  ];
  it.each(TABLE)("a record %s", (_name, reuse, expected) => {
    const roles: Role[] = ["member", "lead", "curator", "admin"];
    expect(roles.map((r) => (can(actor(r), "solution.withdrawReuse", reuse) ? "1" : "0")).join("")).toBe(expected);
  });

  it("the recorder may withdraw their own record, whatever their role", () => {
    for (const role of ["member", "lead", "curator", "admin"] as Role[]) {
      const recorder = actor(role, OTHER);
      expect(can(recorder, "solution.withdrawReuse", { userId: recorder.id, subsidiaryId: OWN }), role).toBe(true);
    }
  });
});

describe("global permissions by role", () => {
  // member lead curator admin
  const TABLE: [Action, string][] = [
    ["admin.access", "0101"],
    ["subsidiary.manage", "0001"],
    ["audit.read", "0001"],
    ["user.list", "0101"],
    ["taxonomy.manage", "0011"],
    ["synonyms.manage", "0011"],
    ["featured.manage", "0011"],
    ["collections.manage", "0011"],
    ["evaluations.manage", "0011"],
    ["kpis.read", "0011"],
    ["import.run", "0011"],
  ];
  it.each(TABLE)("%s", (action, expected) => {
    const roles: Role[] = ["member", "lead", "curator", "admin"];
    expect(roles.map((r) => (can(actor(r), action as "audit.read") ? "1" : "0")).join("")).toBe(expected);
  });
});

describe("user management", () => {
  const target = (role: Role, subsidiaryId = OWN) => ({ id: `target-${role}`, role, subsidiaryId });

  // Expected for actor roles member, lead (own subsidiary), curator, admin.
  const TABLE: [string, (a: Actor) => boolean, string][] = [
    ["invite a member to own subsidiary", (a) => can(a, "user.invite", { subsidiaryId: OWN, role: "member" }), "0101"],
    ["invite a lead to own subsidiary", (a) => can(a, "user.invite", { subsidiaryId: OWN, role: "lead" }), "0101"],
    ["invite a curator", (a) => can(a, "user.invite", { subsidiaryId: OWN, role: "curator" }), "0001"],
    ["invite an admin", (a) => can(a, "user.invite", { subsidiaryId: OWN, role: "admin" }), "0001"],
    [
      "invite a member to another subsidiary",
      (a) => can(a, "user.invite", { subsidiaryId: OTHER, role: "member" }),
      "0001",
    ],
    ["make a member a lead", (a) => can(a, "user.changeRole", { target: target("member"), role: "lead" }), "0101"],
    [
      "make a member a curator",
      (a) => can(a, "user.changeRole", { target: target("member"), role: "curator" }),
      "0001",
    ],
    ["demote a curator", (a) => can(a, "user.changeRole", { target: target("curator"), role: "member" }), "0001"],
    [
      "change role in another subsidiary",
      (a) => can(a, "user.changeRole", { target: target("member", OTHER), role: "lead" }),
      "0001",
    ],
    ["move a user to another subsidiary", (a) => can(a, "user.changeSubsidiary", { target: target("member") }), "0001"],
    ["deactivate a member of own subsidiary", (a) => can(a, "user.deactivate", { target: target("member") }), "0101"],
    [
      "deactivate a member of another subsidiary",
      (a) => can(a, "user.deactivate", { target: target("member", OTHER) }),
      "0001",
    ],
    ["deactivate an admin", (a) => can(a, "user.deactivate", { target: target("admin") }), "0001"],
    [
      "issue a reset link for a member of own subsidiary",
      (a) => can(a, "user.issueReset", { target: target("member") }),
      "0101",
    ],
    ["view a member of another subsidiary", (a) => can(a, "user.view", { target: target("member", OTHER) }), "0001"],
  ];
  it.each(TABLE)("%s", (_name, check, expected) => {
    const roles: Role[] = ["member", "lead", "curator", "admin"];
    expect(roles.map((r) => (check(actor(r)) ? "1" : "0")).join("")).toBe(expected);
  });

  it("nobody changes their own role, subsidiary or active state", () => {
    for (const role of ["member", "lead", "curator", "admin"] as Role[]) {
      const self = actor(role);
      expect(can(self, "user.changeRole", { target: self, role: "admin" })).toBe(false);
      expect(can(self, "user.changeSubsidiary", { target: self })).toBe(false);
      expect(can(self, "user.deactivate", { target: self })).toBe(false);
      expect(can(self, "user.view", { target: self })).toBe(true);
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
    expect(conditionToMeiliFilter(listableSolutions(actor("member", "abc-123", "u-1")))).toEqual({
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

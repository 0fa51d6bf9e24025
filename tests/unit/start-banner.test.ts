import { describe, expect, it } from "vitest";
import { demoBannerLines } from "../../scripts/lib/start-banner";

const accounts = [
  { email: "zhang.wei@example.com", displayName: "Zhang Wei", role: "admin" as const, subsidiaryCode: "HQ" },
  { email: "li.na@example.com", displayName: "Li Na", role: "lead" as const, subsidiaryCode: "WUH" },
];

describe("the start banner's account lines", () => {
  it("lists the demo sign-ins with the password and a warning while demo accounts are in use", () => {
    const text = demoBannerLines({ kind: "demo", password: "Demo-Solutions-2026", accounts }).join("\n");
    expect(text).toContain("Demo sign-ins, all with the password Demo-Solutions-2026:");
    expect(text).toMatch(/^ {4}zhang\.wei@example\.com {2}admin {4}HQ$/m);
    expect(text).toMatch(/^ {4}li\.na@example\.com {6}lead {5}WUH$/m);
    expect(text).toMatch(/WARNING: these are DEMO accounts and their password is public/);
    expect(text).not.toMatch(/user:create/);
  });

  it("says how many write-ups were just loaded", () => {
    const seeded = {
      subsidiaries: 6,
      painPoints: 26,
      synonymGroups: 29,
      users: 20,
      solutions: { published: 35, inReview: 2, draft: 3 },
      revisions: 5,
      reuses: 14,
      featured: 4,
      milliseconds: 3000,
    };
    const lines = demoBannerLines({ kind: "demo", password: "p", accounts, seeded });
    expect(lines).toContain("  Demo content loaded (40 write-ups, 20 accounts).");
  });

  it("explains how to create the first admin when nobody can sign in, and never mentions a password", () => {
    const text = demoBannerLines({ kind: "no-users", demoEnabled: false }).join("\n");
    expect(text).toContain("The portal is empty (DEMO=false). Create the first admin:");
    expect(text).toContain("npm run subsidiary:create -- ");
    expect(text).toContain("npm run user:create -- --email you@example.com");
    expect(text).not.toMatch(/password|Demo-Solutions/i);
  });

  it("says nothing about accounts once the portal has its own", () => {
    expect(demoBannerLines({ kind: "own-data" })).toEqual([]);
  });
});

import type { DemoState } from "../../app/services/demo-startup.server";

/**
 * The start banner's lines about accounts: the demo sign-ins while demo accounts still use the demo
 * password (with a warning), how to create the first admin when nobody can sign in, nothing otherwise.
 * Non-empty results start and end with a blank line.
 */
export function demoBannerLines(demo: DemoState): string[] {
  if (demo.kind === "own-data") return [];
  if (demo.kind === "no-users") {
    return [
      "",
      demo.demoEnabled
        ? "  The database has data but no users yet. Create the first admin:"
        : "  The portal is empty (DEMO=false). Create the first admin:",
      '    npm run subsidiary:create -- --name "Group Headquarters" --name-zh "集团总部" --code HQ --hq',
      '    npm run user:create -- --email you@example.com --name "Your Name" --subsidiary HQ --role admin',
      "  (With the embedded database, stop the portal first: only one process can open it.)",
      "",
    ];
  }
  const width = Math.max(...demo.accounts.map((a) => a.email.length));
  return [
    "",
    demo.seeded
      ? `  Demo content loaded (${demo.seeded.solutions.published + demo.seeded.solutions.inReview + demo.seeded.solutions.draft} write-ups, ${demo.seeded.users} accounts).`
      : "  Demo content is in use.",
    `  Demo sign-ins, all with the password ${demo.password}:`,
    ...demo.accounts.map((a) => `    ${a.email.padEnd(width)}  ${a.role.padEnd(7)}  ${a.subsidiaryCode}`),
    "  WARNING: these are DEMO accounts and their password is public (printed here and in the README).",
    "  For real use, start with DEMO=false on an empty database, or deactivate these accounts first.",
    "",
  ];
}

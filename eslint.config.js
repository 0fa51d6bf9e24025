import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Server-only code must never reach the browser bundle. The classic Remix compiler silently empties
 * `*.server.ts` modules in the client build, so a mistake would only show at run time; this rule makes
 * it a lint error instead: outside `*.server.ts(x)` files, nothing in app/ may import these.
 */
const serverOnlyImports = {
  paths: [
    { name: "pg", message: "Database access belongs in *.server.ts files." },
    { name: "kysely", message: "Database access belongs in *.server.ts files." },
    { name: "meilisearch", message: "Search access belongs in *.server.ts files." },
    { name: "@electric-sql/pglite", message: "Database access belongs in *.server.ts files." },
    { name: "nodemailer", message: "Mail belongs in *.server.ts files." },
  ],
  patterns: [
    { group: ["@node-rs/*"], message: "Native modules belong in *.server.ts files." },
    { group: ["**/db/*", "**/db", "~/../db/*"], message: "Only app/lib/*.server.ts may import db/." },
    { group: ["**/search/*", "~/../search/*"], message: "Only app/lib/*.server.ts may import search/." },
  ],
};

/** Shared code (components, policies, pure helpers) runs in the browser too: no server modules at all. */
const sharedCodeImports = {
  paths: serverOnlyImports.paths,
  patterns: [
    ...serverOnlyImports.patterns,
    { group: ["**/*.server", "~/**/*.server"], message: "Browser code may not import *.server modules." },
  ],
};

/**
 * Components render on every page: they may not pull the form schemas (and zod, ~90 KB gzipped) into
 * the browser bundle. Field limits they need live in zod-free modules (e.g. `~/lib/reuse-fields`).
 */
const componentImports = {
  paths: [
    ...sharedCodeImports.paths,
    { name: "zod", message: "Validation belongs in ~/lib/schemas, which components may not import." },
  ],
  patterns: [
    ...sharedCodeImports.patterns,
    {
      group: ["~/lib/schemas/*", "**/lib/schemas/*"],
      message: "Form schemas would put zod in the browser bundle: import the limits from a *-fields module.",
    },
  ],
};

export default tseslint.config(
  {
    ignores: ["node_modules", "build", "public/build", ".cache", "data", "coverage", "bench-results", "tests/.tmp"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-control-regex": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}", "app/entry.server.tsx"],
    rules: {
      "no-restricted-imports": ["error", serverOnlyImports],
    },
  },
  {
    // Route modules may import *.server modules for their loaders and actions (Remix removes them from
    // the browser bundle); everything else that the browser runs may not.
    files: [
      "app/components/**/*.{ts,tsx}",
      "app/policies/**/*.{ts,tsx}",
      "app/lib/**/*.{ts,tsx}",
      "app/entry.client.tsx",
    ],
    ignores: ["app/**/*.server.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", sharedCodeImports],
    },
  },
  {
    files: ["app/components/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", componentImports],
    },
  },
);

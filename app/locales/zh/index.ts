// Every Simplified Chinese namespace, mirroring ../en/index.ts.
import common from "./common.json";

export const zh = { common } satisfies Record<keyof typeof import("../en/index").en, unknown>;

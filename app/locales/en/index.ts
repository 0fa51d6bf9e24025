// Every English namespace. Add a namespace here and in ../zh/index.ts (a unit test checks they match).
import common from "./common.json";

export const en = { common };

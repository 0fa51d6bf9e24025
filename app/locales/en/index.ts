// Every English namespace. Add a namespace here and in ../zh/index.ts (a unit test checks they match).
import admin from "./admin.json";
import auth from "./auth.json";
import catalog from "./catalog.json";
import common from "./common.json";
import curate from "./curate.json";
import editor from "./editor.json";
import errors from "./errors.json";
import reuse from "./reuse.json";
import search from "./search.json";
import solutions from "./solutions.json";
import taxonomy from "./taxonomy.json";
import validation from "./validation.json";

export const en = {
  common,
  validation,
  errors,
  auth,
  admin,
  solutions,
  catalog,
  editor,
  search,
  taxonomy,
  curate,
  reuse,
};

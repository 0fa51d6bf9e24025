import { slugify } from "transliteration";
import type { Db } from "~/lib/db.server";
import type { Discipline, Sector } from "~/lib/solution-fields";
import type { SessionUser } from "~/lib/session.server";
import { writeAuditLog } from "~/models/audit-log.server";
import { getPainPointsByIds } from "~/models/pain-point.server";
import { findSlugOwner } from "~/models/taxonomy.server";
import {
  findAreaBySlug,
  findPainPointsByReference,
  insertAreaIfMissing,
  insertPainPoint,
  isPainPointSlugTaken,
  nextAreaPosition,
  nextPainPointPosition,
} from "~/models/pain-point-insert.server";
import { findSubsidiary } from "~/models/subsidiary.server";
import { listActiveUsersByEmails } from "~/models/user-lookup.server";
import { can } from "~/policies/policy";
import type { ParsedImportFile } from "./import-file.server";
import { disciplineFromName, KNOWN_DISCIPLINES, KNOWN_SECTORS, sectorFromName } from "./import-vocabulary.server";
import { slugFromTitle } from "./solutions.server";
import { createSubsidiary } from "./subsidiaries.server";

/**
 * Turns the names in an imported file's front matter into database ids: the subsidiary (code, English
 * or Chinese name), pain points (slug, English or Chinese name; merged ones resolve to their target),
 * authors (emails), disciplines and sectors. With `createMissing`, unknown subsidiaries and pain points
 * are created (pain points in the "Imported" area, for curators to sort) if the actor may do that.
 */

/** A problem with one key's value; the import reports it with the file name. */
export class ImportReferenceError extends Error {
  override name = "ImportReferenceError";
}

export interface ResolvedReferences {
  subsidiaryId: string;
  subsidiaryCode: string;
  painPointIds: string[];
  /** Known authors in file order; undefined when the file names no known author. */
  authorIds: string[] | undefined;
  disciplines: Discipline[];
  sector: Sector | undefined;
  /** What the summary should mention: skipped authors, created pain points... */
  notes: string[];
}

export interface ResolveOptions {
  createMissing: boolean;
  actor: SessionUser;
  /** Pain points the write-up already has: a retired one may stay on it. */
  existingPainPointIds?: readonly string[];
}

export const IMPORTED_AREA = {
  slug: "imported",
  nameEn: "Imported",
  nameZh: "导入",
  descriptionEn: "Pain points created by imports, for curators to sort into the right area.",
  descriptionZh: "导入时新建的痛点，等待策展人归入合适的领域。",
};

export async function resolveReferences(
  db: Db,
  file: ParsedImportFile,
  options: ResolveOptions,
): Promise<ResolvedReferences> {
  const notes: string[] = [];
  const fm = file.frontMatter;
  const subsidiary = await resolveSubsidiary(db, fm.subsidiary, options, notes);
  const painPointIds = await resolvePainPoints(db, fm.painPoints, options, notes);
  const authorIds = await resolveAuthors(db, fm.authors ?? [], notes);
  const disciplines = [
    ...new Set(
      fm.disciplines.map((name) => {
        const key = disciplineFromName(name);
        if (!key) {
          throw new ImportReferenceError(
            `key "disciplines": unknown discipline "${name}" (known: ${KNOWN_DISCIPLINES.join(", ")})`,
          );
        }
        return key;
      }),
    ),
  ];
  let sector: Sector | undefined;
  if (fm.sector !== undefined) {
    sector = sectorFromName(fm.sector);
    if (!sector) {
      throw new ImportReferenceError(
        `key "sector": unknown sector "${fm.sector}" (known: ${KNOWN_SECTORS.join(", ")})`,
      );
    }
  }
  return {
    subsidiaryId: subsidiary.id,
    subsidiaryCode: subsidiary.code,
    painPointIds,
    authorIds,
    disciplines,
    sector,
    notes,
  };
}

// --- Subsidiary ---------------------------------------------------------------------------------------

async function resolveSubsidiary(db: Db, value: string, options: ResolveOptions, notes: string[]) {
  const found = await findSubsidiary(db, value);
  if (found) {
    if (found.archivedAt) throw new ImportReferenceError(`key "subsidiary": "${value}" is archived`);
    return found;
  }
  if (!options.createMissing) {
    throw new ImportReferenceError(
      `key "subsidiary": unknown subsidiary "${value}" (use its code, English or Chinese name, or import with --create-missing)`,
    );
  }
  if (!can(options.actor, "subsidiary.manage")) {
    throw new ImportReferenceError(
      `key "subsidiary": unknown subsidiary "${value}", and ${options.actor.email} may not create subsidiaries`,
    );
  }
  const code = await freeSubsidiaryCode(db, value);
  const created = await createSubsidiary(db, options.actor, {
    code,
    nameEn: value,
    nameZh: value,
    isHeadquarters: false,
  });
  notes.push(`created subsidiary "${value}" with code ${created.code} (give it its proper names in Administration)`);
  return created;
}

/** "Nanjing Design Institute" -> NDI, "南京设计院" -> NJSJY; a value that already looks like a code is kept. */
async function freeSubsidiaryCode(db: Db, value: string): Promise<string> {
  const trimmed = value.trim();
  let base: string;
  if (/^[A-Z0-9][A-Z0-9-]{1,15}$/.test(trimmed)) {
    base = trimmed;
  } else {
    const words = slugify(trimmed, { lowercase: true, separator: " " })
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    base = words
      .map((w) => w[0])
      .join("")
      .toUpperCase()
      .slice(0, 5);
    if (base.length < 2) base = (words.join("").toUpperCase() + "XX").slice(0, 4);
  }
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base.slice(0, 13)}-${n}`;
    if (!(await findSubsidiary(db, candidate))) return candidate;
  }
  throw new ImportReferenceError(`key "subsidiary": no free code for "${value}"`);
}

// --- Pain points --------------------------------------------------------------------------------------

type PainPointRow = Awaited<ReturnType<typeof findPainPointsByReference>>[number];

async function resolvePainPoints(db: Db, values: readonly string[], options: ResolveOptions, notes: string[]) {
  const rows = await findPainPointsByReference(db, values);
  const ids: string[] = [];
  for (const value of values) {
    // A slug is the most precise reference, then the English name, then the Chinese one.
    const row =
      rows.find((r) => r.slug === value) ??
      rows.find((r) => r.nameEn.toLowerCase() === value.toLowerCase()) ??
      rows.find((r) => r.nameZh === value) ??
      // A slug a curator has since changed (files exported before the change still name it).
      (await findFormerSlugOwner(db, value));
    if (!row) {
      ids.push(await createMissingPainPoint(db, value, options, notes));
      continue;
    }
    const target = await followMerges(db, row);
    if (target.retiredAt && !options.existingPainPointIds?.includes(target.id)) {
      throw new ImportReferenceError(
        `key "painPoints": "${value}" is retired and can no longer be chosen for new write-ups`,
      );
    }
    if (target.id !== row.id) notes.push(`pain point "${value}" was merged into "${target.nameEn}"`);
    ids.push(target.id);
  }
  return [...new Set(ids)];
}

async function findFormerSlugOwner(db: Db, value: string): Promise<PainPointRow | undefined> {
  const owner = await findSlugOwner(db, value.trim().toLowerCase());
  if (!owner?.former) return undefined;
  const [row] = await getPainPointsByIds(db, [owner.painPointId]);
  return row;
}

async function followMerges(db: Db, row: PainPointRow): Promise<PainPointRow> {
  let current = row;
  // Merges may chain (A into B, later B into C); the bound stops a cycle from looping forever.
  for (let hops = 0; current.mergedIntoId && hops < 20; hops++) {
    const [next] = await getPainPointsByIds(db, [current.mergedIntoId]);
    if (!next) break;
    current = next;
  }
  return current;
}

async function createMissingPainPoint(db: Db, value: string, options: ResolveOptions, notes: string[]) {
  if (!options.createMissing) {
    throw new ImportReferenceError(
      `key "painPoints": unknown pain point "${value}" (use its slug, English or Chinese name, or import with --create-missing)`,
    );
  }
  if (!can(options.actor, "taxonomy.manage")) {
    throw new ImportReferenceError(
      `key "painPoints": unknown pain point "${value}", and ${options.actor.email} may not create pain points`,
    );
  }
  const areaId = await importedAreaId(db);
  const slug = await freePainPointSlug(db, value);
  const painPoint = await insertPainPoint(db, {
    areaId,
    slug,
    nameEn: value,
    nameZh: value,
    descriptionEn: "",
    descriptionZh: "",
    position: await nextPainPointPosition(db, areaId),
  });
  await writeAuditLog(db, {
    actorId: options.actor.id,
    action: "painPoint.created",
    targetType: "pain_point",
    targetId: painPoint.id,
    details: { slug, name: value, via: "import", area: IMPORTED_AREA.slug },
  });
  notes.push(`created pain point "${value}" in the area "${IMPORTED_AREA.nameEn}"`);
  return painPoint.id;
}

async function importedAreaId(db: Db): Promise<string> {
  const existing = await findAreaBySlug(db, IMPORTED_AREA.slug);
  if (existing) return existing.id;
  const { id } = await insertAreaIfMissing(db, { ...IMPORTED_AREA, position: await nextAreaPosition(db) });
  return id;
}

async function freePainPointSlug(db: Db, value: string): Promise<string> {
  const base = slugFromTitle(value);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await isPainPointSlugTaken(db, candidate))) return candidate;
  }
  throw new ImportReferenceError(`key "painPoints": no free slug for "${value}"`);
}

// --- Authors ----------------------------------------------------------------------------------------

async function resolveAuthors(db: Db, emails: readonly string[], notes: string[]) {
  if (emails.length === 0) return undefined;
  const users = await listActiveUsersByEmails(db, emails);
  const ids: string[] = [];
  for (const email of emails) {
    const user = users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
    if (user) ids.push(user.id);
    else notes.push(`key "authors": no active user "${email}"; skipped`);
  }
  const unique = [...new Set(ids)];
  return unique.length ? unique : undefined;
}

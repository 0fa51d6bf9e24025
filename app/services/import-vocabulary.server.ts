import { DISCIPLINES, SECTORS, toDiscipline, toSector, type Discipline, type Sector } from "~/lib/solution-fields";
import enSolutions from "~/locales/en/solutions.json";
import zhSolutions from "~/locales/zh/solutions.json";

/**
 * Disciplines and sectors in imported files: the stored key ("urban-planning"), the English name the
 * export writes ("Urban planning", "Public buildings") or the Chinese name ("城市规划"), any case.
 */
function byLabel<K extends string>(keys: readonly K[], ...labels: Record<string, string>[]): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of keys) {
    for (const table of labels) {
      const label = table[key];
      if (label) map.set(label.trim().toLowerCase(), key);
    }
  }
  return map;
}

const DISCIPLINE_LABELS = byLabel(DISCIPLINES, enSolutions.disciplines, zhSolutions.disciplines);
const SECTOR_LABELS = byLabel(SECTORS, enSolutions.sectors, zhSolutions.sectors);

export function disciplineFromName(value: string): Discipline | undefined {
  return toDiscipline(value) ?? DISCIPLINE_LABELS.get(value.trim().toLowerCase());
}

export function sectorFromName(value: string): Sector | undefined {
  return toSector(value) ?? SECTOR_LABELS.get(value.trim().toLowerCase());
}

export const KNOWN_DISCIPLINES = DISCIPLINES.map((key) => (enSolutions.disciplines as Record<string, string>)[key]);
export const KNOWN_SECTORS = SECTORS.map((key) => (enSolutions.sectors as Record<string, string>)[key]);

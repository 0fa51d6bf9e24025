/** The taxonomy as the curators' page receives it from its loader (single fetch keeps dates as Date). */
export interface CuratedPainPoint {
  id: string;
  areaId: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: string;
  descriptionZh: string;
  retiredAt: Date | string | null;
  solutionCounts: { total: number; published: number };
}

export interface CuratedArea {
  id: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  descriptionEn: string;
  descriptionZh: string;
  painPoints: CuratedPainPoint[];
}

/** A refused form of the page, already matched to the entry (intent + id) it was submitted for. */
export interface EntryFailure {
  fieldErrors: Record<string, string[]>;
  formError?: string;
  values?: Record<string, string>;
}

/** Finds the failure of one form on the page, so its messages show next to its fields. */
export type FailureFor = (intent: string, id?: string) => EntryFailure | undefined;

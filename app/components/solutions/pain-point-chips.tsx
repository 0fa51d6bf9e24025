import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface PainPointChip {
  slug: string;
  nameEn: string;
  nameZh: string;
}

/** Pain points in the reader's language, each linking to the catalog filtered by it. */
export function PainPointChips({ painPoints }: { painPoints: PainPointChip[] }) {
  const { i18n } = useTranslation();
  if (painPoints.length === 0) return null;
  return (
    <ul className="chips" aria-label="Pain points">
      {painPoints.map((p) => (
        <li key={p.slug}>
          <Link className="chip" to={`/solutions?painPoint=${encodeURIComponent(p.slug)}`}>
            {i18n.language === "zh" ? p.nameZh : p.nameEn}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function useLocalizedName() {
  const { i18n } = useTranslation();
  return (item: { nameEn: string; nameZh: string }) => (i18n.language === "zh" ? item.nameZh : item.nameEn);
}

import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PainPointChips } from "~/components/solutions/pain-point-chips";

export interface SolutionCardData {
  slug: string;
  title: string;
  summary: string;
  year: number | null;
  visibility: string;
  reuseCount: number;
  featured: boolean;
  subsidiaryCode: string;
  subsidiaryNameEn: string;
  subsidiaryNameZh: string;
  painPoints: { slug: string; nameEn: string; nameZh: string }[];
}

export function SolutionCard({ solution }: { solution: SolutionCardData }) {
  const { t, i18n } = useTranslation("catalog");
  const subsidiary = i18n.language === "zh" ? solution.subsidiaryNameZh : solution.subsidiaryNameEn;
  return (
    <article className="solution-card">
      <h2 className="solution-card__title">
        <Link to={`/solutions/${solution.slug}`}>{solution.title}</Link>
      </h2>
      <p className="solution-card__meta">
        <span>{subsidiary}</span>
        {solution.year ? <span>{solution.year}</span> : null}
        {solution.reuseCount > 0 ? <span>{t("reused", { count: solution.reuseCount })}</span> : null}
        {solution.featured ? <span className="badge badge--featured">{t("featured")}</span> : null}
        {solution.visibility === "subsidiary" ? (
          <span className="badge badge--warning">{t("confidential")}</span>
        ) : null}
      </p>
      {solution.summary ? <p className="solution-card__summary">{solution.summary}</p> : null}
      <PainPointChips painPoints={solution.painPoints} />
    </article>
  );
}

import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Solutions Exchange" }];

export default function Home() {
  const { t } = useTranslation();
  return (
    <section className="hero" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.title")}</h1>
      <p className="hero__lead">{t("home.intro")}</p>
      <p>{t("home.comingSoon")}</p>
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CurateArea } from "~/components/taxonomy/curate-area";
import { TaxonomyEntryFields } from "~/components/taxonomy/taxonomy-entry-fields";
import type { FailureFor } from "~/components/taxonomy/types";
import { FormError, Notice, SubmitButton } from "~/components/ui/form";
import { requireAbility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { formValues, parseForm } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { formFailure, formFailureFromService } from "~/lib/responses.server";
import { AreaSchema, ChangeAreaSchema, MergeSchema, NewPainPointSchema, PainPointSchema } from "~/lib/schemas/taxonomy";
import { useLooseT } from "~/lib/use-loose-t";
import {
  changePainPointArea,
  createArea,
  createPainPoint,
  getTaxonomyForCuration,
  mergePainPoint,
  moveArea,
  movePainPoint,
  setPainPointRetired,
  updateArea,
  updatePainPoint,
} from "~/services/taxonomy.server";

export const meta: MetaFunction = () => [{ title: "Pain-point taxonomy · Solutions Exchange" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireAbility(request, context, "taxonomy.manage");
  return { areas: await getTaxonomyForCuration(getDb(), actor) };
}

const INTENTS = [
  "createArea",
  "updateArea",
  "moveAreaUp",
  "moveAreaDown",
  "createPainPoint",
  "updatePainPoint",
  "movePainPointUp",
  "movePainPointDown",
  "changeArea",
  "merge",
  "retire",
  "unretire",
] as const;
type Intent = (typeof INTENTS)[number];

/** Intents whose refusals show next to a form of the entry; the others show at the top of the page. */
const INLINE_INTENTS: readonly string[] = [
  "createArea",
  "updateArea",
  "createPainPoint",
  "updatePainPoint",
  "changeArea",
  "merge",
  "retire",
  "unretire",
];

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireAbility(request, context, "taxonomy.manage");
  const db = getDb();
  const form = await request.formData();
  const intent: Intent = readIntent(form, INTENTS);
  const id = String(form.get("id") ?? "");
  const values = { ...formValues(form), intent, id };
  const done = { ok: true as const, intent, id };
  try {
    switch (intent) {
      case "createArea":
      case "updateArea": {
        const parsed = parseForm(AreaSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        if (intent === "createArea") await createArea(db, actor, parsed.data);
        else await updateArea(db, actor, id, parsed.data);
        return done;
      }
      case "createPainPoint": {
        const parsed = parseForm(NewPainPointSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await createPainPoint(db, actor, parsed.data);
        return done;
      }
      case "updatePainPoint": {
        const parsed = parseForm(PainPointSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await updatePainPoint(db, actor, id, parsed.data);
        return done;
      }
      case "moveAreaUp":
      case "moveAreaDown":
        await moveArea(db, actor, id, { direction: intent === "moveAreaUp" ? "up" : "down" });
        return done;
      case "movePainPointUp":
      case "movePainPointDown":
        await movePainPoint(db, actor, id, { direction: intent === "movePainPointUp" ? "up" : "down" });
        return done;
      case "changeArea": {
        const parsed = parseForm(ChangeAreaSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await changePainPointArea(db, actor, id, parsed.data.areaId);
        return done;
      }
      case "merge": {
        const parsed = parseForm(MergeSchema, form);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await mergePainPoint(db, actor, id, parsed.data.targetId);
        return done;
      }
      case "retire":
      case "unretire":
        await setPainPointRetired(db, actor, id, intent === "retire");
        return done;
    }
  } catch (error) {
    return formFailureFromService(error, values);
  }
}

/** Curators' page for the pain-point taxonomy (requires taxonomy.manage). Works without JavaScript. */
export default function CurateTaxonomy() {
  const { t } = useTranslation("taxonomy");
  const lt = useLooseT();
  const { areas } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const failureFor: FailureFor = (intent, id = "") =>
    failure && failure.values?.intent === intent && (failure.values?.id ?? "") === id ? failure : undefined;
  const pageLevelFailure = failure && !INLINE_INTENTS.includes(failure.values?.intent ?? "") ? failure : undefined;
  const createdCount = areas.reduce((sum, area) => sum + area.painPoints.length, areas.length);
  const newArea = failureFor("createArea");

  return (
    <div className="stack-lg">
      <div className="stack">
        <h1>{t("curate.title")}</h1>
        <p>{t("curate.intro")}</p>
        {result?.ok ? <Notice tone="success">{lt(`taxonomy:curate.done.${result.intent}`)}</Notice> : null}
        <FormError error={pageLevelFailure?.formError ?? pageLevelFailure?.fieldErrors.id?.[0]} />
      </div>

      {areas.length === 0 ? <p className="muted">{t("curate.emptyTaxonomy")}</p> : null}
      {areas.map((area, index) => (
        <CurateArea
          key={area.id}
          area={area}
          place={index + 1}
          areas={areas}
          failureFor={failureFor}
          createdCount={createdCount}
        />
      ))}

      <section className="card stack" aria-labelledby="new-area">
        <h2 id="new-area">{t("curate.addArea")}</h2>
        <Form method="post" className="stack" preventScrollReset key={`new-area-${areas.length}`}>
          <FormError error={newArea?.formError} />
          <TaxonomyEntryFields kind="area" mode="create" values={newArea?.values ?? {}} errors={newArea?.fieldErrors} />
          <div>
            <SubmitButton name="intent" value="createArea">
              {t("curate.addAreaSubmit")}
            </SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  );
}

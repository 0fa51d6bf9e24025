import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxField, FormError, Notice, SubmitButton } from "~/components/ui/form";
import { requireAbility } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { readIntent } from "~/lib/intent.server";
import type { FormFailure } from "~/lib/responses.server";
import { useLooseT } from "~/lib/use-loose-t";
import { importUploads, MAX_UPLOAD_BYTES, type Upload } from "~/services/import-upload.server";

export const meta: MetaFunction = () => [{ title: "Import write-ups · Solutions Exchange" }];

const MAX_UPLOAD_MB = Math.round(MAX_UPLOAD_BYTES / (1024 * 1024));

export function loader({ request, context }: LoaderFunctionArgs) {
  requireAbility(request, context, "import.run");
  return { maxUploadMb: MAX_UPLOAD_MB };
}

const INTENTS = ["preview", "import"] as const;

function failure(formError: string, status: number) {
  return data<FormFailure>({ ok: false, fieldErrors: {}, formError }, { status });
}

/** Curators and admins import Markdown files or .zip archives: a dry-run preview, then the real run. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireAbility(request, context, "import.run");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return failure("curate:import.errors.tooLarge", 413);
    return failure("curate:import.errors.badUpload", 400);
  }
  const intent = readIntent(form, INTENTS);
  // Uploaded parts are File objects (Remix's own class, so no instanceof File); fields are strings.
  const files = form.getAll("files").filter((f): f is File => typeof f !== "string" && f.size > 0 && f.name !== "");
  if (files.length === 0) return failure("curate:import.errors.noFiles", 400);
  if (files.reduce((sum, f) => sum + f.size, 0) > MAX_UPLOAD_BYTES)
    return failure("curate:import.errors.tooLarge", 413);

  const uploads: Upload[] = await Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  const summary = await importUploads(getDb(), actor, uploads, {
    dryRun: intent === "preview",
    createMissing: form.get("createMissing") === "on",
  });
  return { ok: true as const, summary };
}

export default function CurateImport() {
  const t = useLooseT();
  const { maxUploadMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const summary = result?.ok ? result.summary : undefined;

  return (
    <div className="stack-lg">
      <div className="stack">
        <h1>{t("curate:import.title")}</h1>
        <p>{t("curate:import.intro")}</p>
        <p className="muted">{t("curate:import.formatHint")}</p>
      </div>

      <Form method="post" encType="multipart/form-data" className="card stack">
        <div className="field">
          <label htmlFor="import-files" className="field__label">
            {t("curate:import.filesLabel")}
          </label>
          <input
            id="import-files"
            type="file"
            name="files"
            multiple
            required
            accept=".md,.zip,text/markdown,application/zip"
            aria-describedby="import-files-hint"
          />
          <p id="import-files-hint" className="field__hint">
            {t("curate:import.filesHint", { mb: maxUploadMb })}
          </p>
        </div>
        <CheckboxField name="createMissing" label={t("curate:import.createMissing")} />
        {result && !result.ok && result.formError ? (
          <FormError error={t(result.formError, { mb: maxUploadMb })} />
        ) : null}
        <div className="button-row">
          <SubmitButton name="intent" value="preview" className="button button--secondary">
            {t("curate:import.preview")}
          </SubmitButton>
          <SubmitButton name="intent" value="import">
            {t("curate:import.run")}
          </SubmitButton>
        </div>
        <p className="field__hint">{t("curate:import.previewNote")}</p>
      </Form>

      {summary ? <ImportSummaryView summary={summary} /> : null}
    </div>
  );
}

type Summary = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { ok: true }>["summary"];

function ImportSummaryView({ summary }: { summary: Summary }) {
  const t = useLooseT();
  const outcomes = ["created", "updated", "unchanged"] as const;
  const processed = outcomes.flatMap((outcome) => summary[outcome].map((f) => ({ ...f, outcome })));
  return (
    <section className="stack" aria-labelledby="import-result">
      <Notice tone={summary.failed.length ? "warning" : "success"}>
        <p id="import-result">
          <strong>{t(summary.dryRun ? "curate:import.result.previewTitle" : "curate:import.result.doneTitle")}</strong>{" "}
          {t("curate:import.result.asUser", { email: summary.actorEmail })}
        </p>
        <p>
          {[...outcomes, "failed" as const]
            .map((outcome) => `${t(`curate:import.result.${outcome}`)}: ${summary[outcome].length}`)
            .join(" · ")}
        </p>
      </Notice>

      {summary.failed.length ? (
        <div className="stack">
          <h2>{t("curate:import.result.failedHeading")}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("curate:import.result.file")}</th>
                  <th scope="col">{t("curate:import.result.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {summary.failed.map((f) => (
                  <tr key={f.file}>
                    <td>{f.file}</td>
                    <td>{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {summary.notes.length ? (
        <div className="stack">
          <h2>{t("curate:import.result.notesHeading")}</h2>
          <ul>
            {summary.notes.map((n, index) => (
              <li key={index}>
                {n.file}: {n.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {processed.length ? (
        <details className="card">
          <summary>
            {t("curate:import.result.importedHeading")} ({processed.length})
          </summary>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("curate:import.result.file")}</th>
                  <th scope="col">{t("curate:import.result.slug")}</th>
                  <th scope="col">{t("curate:import.result.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {processed.map((f) => (
                  <tr key={f.file}>
                    <td>{f.file}</td>
                    <td>
                      {summary.dryRun && f.outcome === "created" ? (
                        f.slug
                      ) : (
                        <a href={`/solutions/${f.slug}`}>{f.slug}</a>
                      )}
                    </td>
                    <td>{t(`curate:import.result.${f.outcome}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}

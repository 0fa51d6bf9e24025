import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useBeforeUnload,
  useBlocker,
  useFetcher,
  useLoaderData,
  useActionData,
  useSubmit,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConflictView } from "~/components/editor/conflict-view";
import { SaveStatus, type SaveState } from "~/components/editor/save-status";
import { SolutionFields } from "~/components/solutions/solution-fields";
import { StatusBadge } from "~/components/solutions/status-badge";
import { CheckboxField, FormError, Notice, SubmitButton, TextField, useErrorText } from "~/components/ui/form";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { parseValues } from "~/lib/forms";
import { readIntent } from "~/lib/intent.server";
import { detectLocale } from "~/lib/locale.server";
import { formFailure, formFailureFromService, rethrowAsResponse } from "~/lib/responses.server";
import { readSolutionForm, SolutionContentSchema } from "~/lib/schemas/solution";
import type { ComparedField } from "~/lib/solution-fields";
import { resolveSolutionSlug } from "~/lib/solution-lookup.server";
import { listTaxonomy } from "~/models/pain-point.server";
import { getSolutionAccess } from "~/models/solution.server";
import { can } from "~/policies/policy";
import { ConflictError } from "~/services/errors";
import { describeConflict } from "~/services/solution-history.server";
import {
  deleteSolution,
  getSolutionEditorData,
  publishSolution,
  saveSolution,
  submitForReview,
} from "~/services/solutions.server";

const SolutionEditor = lazy(() => import("~/components/editor/solution-editor.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit: ${data.draft.title} · Solutions Exchange` : "Edit · Solutions Exchange" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  try {
    const { solution, latest, reviewComment, authorOptions } = await getSolutionEditorData(db, actor, id);
    const taxonomy = await listTaxonomy(db, { includeRetired: true });
    const lead = can(actor, "solution.review", {
      ...solution,
      status: solution.status === "published" ? "in_review" : solution.status,
    });
    return {
      solution: {
        id: solution.id,
        slug: solution.slug,
        status: solution.status,
        pendingChange: solution.pendingChange,
        liveRevision: solution.liveRevision,
        title: solution.title,
        reviewComment,
      },
      draft: {
        ...latest.snapshot,
        body: JSON.stringify(latest.snapshot.body),
        revision: latest.revision,
        savedAt: latest.createdAt,
      },
      taxonomy,
      authorOptions,
      can: {
        submit:
          !lead &&
          (solution.status === "draft" || (solution.status === "published" && solution.pendingChange !== "in_review")),
        publish: lead && solution.status !== "archived",
        delete: can(actor, "solution.delete", solution),
      },
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

/** Autosaves don't reload the page's data: the editor keeps its own state. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "save" ? false : defaultShouldRevalidate;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireUser(request, context);
  const db = getDb();
  const id = await resolveSolutionSlug(db, request, params.slug);
  const form = await request.formData();
  const intent = readIntent(form, ["save", "submit", "publish", "delete"] as const);
  if (intent === "delete") {
    try {
      await deleteSolution(db, actor, id, {
        confirmed: form.get("confirm") === "yes",
        title: String(form.get("confirmTitle") ?? ""),
      });
    } catch (error) {
      return formFailureFromService(error);
    }
    return redirect("/my?done=deleted");
  }
  const baseRevision = Number(form.get("baseRevision"));
  if (!Number.isInteger(baseRevision) || baseRevision < 1) return formFailure({ _form: ["validation:invalid"] });
  const parsed = parseValues(SolutionContentSchema, readSolutionForm(form));
  if (!parsed.ok) return formFailure(parsed.fieldErrors);
  try {
    const saved = await saveSolution(db, actor, id, baseRevision, parsed.data);
    if (intent === "save") {
      return {
        ok: true as const,
        intent,
        revision: saved.revision,
        savedAt: saved.savedAt.toISOString(),
        unchanged: saved.unchanged,
      };
    }
    if (intent === "submit") await submitForReview(db, actor, id);
    else await publishSolution(db, actor, id);
    const after = await getSolutionAccess(db, id);
    return redirect(`/solutions/${after?.slug ?? params.slug}?done=${intent}`);
  } catch (error) {
    if (error instanceof ConflictError) {
      // 409 with both versions and the fields that differ, so the author can compare before choosing.
      const locale = await detectLocale(request, actor.locale);
      const conflict = await describeConflict(db, id, parsed.data, baseRevision, error, locale);
      return data(
        { ok: false as const, fieldErrors: {} as Record<string, string[]>, formError: "errors:conflict", conflict },
        { status: 409 },
      );
    }
    return formFailureFromService(error);
  }
}

type Conflict = {
  mine: { html: string; text: string; revision: number };
  theirs: { html: string; text: string; revision: number; savedBy: string; savedAt: string };
  fields: { field: ComparedField; before: string; after: string }[];
};

function formWithEditorState(form: HTMLFormElement, body: string, baseRevision: number): FormData {
  const formData = new FormData(form);
  formData.set("body", body);
  formData.set("baseRevision", String(baseRevision));
  return formData;
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const AUTOSAVE_DELAY_MS = 2_500;

export default function EditSolution() {
  const { t } = useTranslation(["solutions", "common"]);
  const errorText = useErrorText();
  const loaded = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>({ key: `autosave-${loaded.solution.id}` });
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  // The latest body and base revision live in refs: React resets hidden inputs' values to their
  // defaultValue on every re-render, so every submission sets both fields from these explicitly.
  const bodyValue = useRef(loaded.draft.body);
  const baseRevision = useRef(loaded.draft.revision);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const changeCount = useRef(0);
  const savedChangeCount = useRef(0);
  const inFlightChangeCount = useRef(0);
  const [dirty, setDirty] = useState(false);
  const [save, setSave] = useState<{ state: SaveState; savedAt?: string; message?: string }>({ state: "idle" });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  // Read through a ref: "Keep mine" saves right after clearing the conflict, before a re-render.
  const conflictRef = useRef<Conflict | null>(null);
  conflictRef.current = conflict;

  const runSave = useCallback(() => {
    const form = formRef.current;
    if (!form || conflictRef.current) return;
    clearTimeout(timer.current);
    const formData = formWithEditorState(form, bodyValue.current, baseRevision.current);
    formData.set("intent", "save");
    inFlightChangeCount.current = changeCount.current;
    fetcher.submit(formData, { method: "post", encType: "multipart/form-data" });
    setSave({ state: "saving" });
  }, [fetcher]);

  const markChanged = useCallback(() => {
    changeCount.current += 1;
    setDirty(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(runSave, AUTOSAVE_DELAY_MS);
  }, [runSave]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // What the autosave answered: each answer is handled once (re-renders must not re-apply it).
  const handledResult = useRef<unknown>(null);
  const errorTextRef = useRef(errorText);
  errorTextRef.current = errorText;
  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result || handledResult.current === result) return;
    handledResult.current = result;
    if (result.ok) {
      baseRevision.current = result.revision;
      savedChangeCount.current = inFlightChangeCount.current;
      setDirty(changeCount.current !== savedChangeCount.current);
      setFieldErrors({});
      setSave({ state: "saved", savedAt: result.savedAt });
    } else if ("conflict" in result && result.conflict) {
      setConflict(result.conflict as Conflict);
      setSave({ state: "conflict" });
    } else {
      setFieldErrors(result.fieldErrors ?? {});
      const first =
        Object.values<string[]>(result.fieldErrors ?? {})[0]?.[0] ?? result.formError ?? "validation:invalid";
      setSave({ state: "error", message: errorTextRef.current(first) });
    }
  }, [fetcher.state, fetcher.data]);

  // Leaving with unsaved changes asks first: closing the tab, and links inside the portal. "Take
  // theirs" discards the changes on purpose: it sets `discarding` first (a ref, because the reload
  // happens before React re-renders with a cleared `dirty`).
  const discarding = useRef(false);
  useBeforeUnload(
    useCallback(
      (event) => {
        if (dirty && !discarding.current) {
          event.preventDefault();
          event.returnValue = "";
        }
      },
      [dirty],
    ),
  );
  const submitting = useRef(false);
  // A refused delete (wrong title typed) keeps the page: changes are protected and autosaved again.
  useEffect(() => {
    if (!submitted || submitted.ok || !discarding.current) return;
    discarding.current = false;
    if (changeCount.current !== savedChangeCount.current) timer.current = setTimeout(runSave, AUTOSAVE_DELAY_MS);
  }, [submitted, runSave]);
  const submit = useSubmit();
  const [pendingIntent, setPendingIntent] = useState<string | null>(null);
  // Submit/Publish wait for an autosave in flight, so they carry the revision it produced.
  useEffect(() => {
    if (!pendingIntent || fetcher.state !== "idle" || !formRef.current) return;
    const formData = formWithEditorState(formRef.current, bodyValue.current, baseRevision.current);
    formData.set("intent", pendingIntent);
    setPendingIntent(null);
    submit(formData, { method: "post", encType: "multipart/form-data" });
  }, [pendingIntent, fetcher.state, submit]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !submitting.current && !discarding.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(t("edit.unsavedWarning"))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);

  const uploadImage = useCallback(
    async (file: File) => {
      const body = new FormData();
      body.set("file", file);
      body.set("solutionId", loaded.solution.id);
      const response = await fetch("/images", { method: "POST", body });
      const json = (await response.json().catch(() => ({}))) as { src?: string; error?: { message?: string } };
      if (!response.ok || !json.src) throw new Error(json.error?.message ?? `Upload failed (${response.status})`);
      return { src: json.src };
    },
    [loaded.solution.id],
  );

  const onEditorChange = useCallback(
    (state: string) => {
      if (bodyValue.current !== state) {
        bodyValue.current = state;
        markChanged();
      }
    },
    [markChanged],
  );

  const keepMine = () => {
    if (!conflict) return;
    baseRevision.current = conflict.theirs.revision;
    conflictRef.current = null;
    setConflict(null);
    runSave();
  };
  const takeTheirs = () => {
    discarding.current = true;
    clearTimeout(timer.current);
    setDirty(false);
    window.location.reload();
  };

  const submittedFailure = submitted && !submitted.ok ? submitted : undefined;
  const errors = { ...fieldErrors, ...(submittedFailure?.fieldErrors ?? {}) };
  const { solution, draft } = loaded;
  const submitLabel = solution.status === "published" ? t("edit.submitChanges") : t("edit.submit");
  const publishLabel = solution.status === "published" ? t("edit.publishChanges") : t("edit.publish");

  return (
    <div className="stack-lg editor-page">
      <div className="page-heading">
        <h1>{t("edit.title", { title: draft.title })}</h1>
        <StatusBadge status={solution.status} pendingChange={solution.pendingChange} />
      </div>
      <p className="button-row no-print">
        <Link to={`/solutions/${solution.slug}`}>{t("edit.view")}</Link>
        <Link to={`/solutions/${solution.slug}/history`}>{t("edit.history")}</Link>
      </p>
      {solution.reviewComment ? (
        <Notice tone="warning">{t("edit.sentBack", { comment: solution.reviewComment })}</Notice>
      ) : null}
      {solution.liveRevision !== null && draft.revision !== solution.liveRevision ? (
        <Notice>{t("edit.pendingNotice", { revision: draft.revision })}</Notice>
      ) : null}
      <FormError
        error={
          submittedFailure?.formError === "errors:incomplete"
            ? "solutions:edit.incomplete"
            : submittedFailure?.formError
        }
      />

      {conflict ? (
        <ConflictView
          mine={conflict.mine}
          theirs={conflict.theirs}
          fields={conflict.fields}
          onKeepMine={keepMine}
          onTakeTheirs={takeTheirs}
          busy={fetcher.state !== "idle"}
        />
      ) : null}

      <Form
        method="post"
        encType="multipart/form-data"
        ref={formRef}
        className="stack-lg"
        noValidate
        onChange={markChanged}
        onSubmit={(event) => {
          // Submitting or publishing saves everything; leaving afterwards needs no warning.
          event.preventDefault();
          const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          submitting.current = true;
          clearTimeout(timer.current);
          setPendingIntent(submitter?.value ?? "save");
        }}
      >
        {/* Used as they are only without JavaScript; with it, formWithEditorState overrides them. */}
        <input type="hidden" name="baseRevision" defaultValue={draft.revision} />
        <input type="hidden" name="body" defaultValue={draft.body} />
        <SolutionFields
          values={draft}
          errors={errors}
          taxonomy={loaded.taxonomy}
          authorOptions={loaded.authorOptions}
          onChange={markChanged}
        />
        <section className="stack" aria-labelledby="body-label">
          <h2 id="body-label">{t("fields.body")}</h2>
          {errors.body ? (
            <ul className="field__errors" role="alert">
              {errors.body.map((e) => (
                <li key={e}>{errorText(e)}</li>
              ))}
            </ul>
          ) : null}
          {hydrated ? (
            <Suspense fallback={<p className="muted">{t("edit.loadingEditor")}</p>}>
              <SolutionEditor
                initialState={draft.body}
                onChange={onEditorChange}
                uploadImage={uploadImage}
                labelledBy="body-label"
              />
            </Suspense>
          ) : (
            <p className="muted">{t("edit.loadingEditor")}</p>
          )}
        </section>
        <div className="editor-actions">
          <SaveStatus
            state={save.state}
            savedAt={save.savedAt ?? (save.state === "idle" ? undefined : undefined)}
            message={save.message}
          />
          <div className="button-row">
            <button
              type="button"
              className="button button--secondary"
              onClick={runSave}
              disabled={!hydrated || fetcher.state !== "idle" || Boolean(conflict)}
            >
              {t("edit.saveDraft")}
            </button>
            {loaded.can.submit ? (
              <button type="submit" name="intent" value="submit" className="button" disabled={Boolean(conflict)}>
                {submitLabel}
              </button>
            ) : null}
            {loaded.can.publish ? (
              <button type="submit" name="intent" value="publish" className="button" disabled={Boolean(conflict)}>
                {publishLabel}
              </button>
            ) : null}
          </div>
        </div>
      </Form>

      {loaded.can.delete ? (
        <DeleteSection
          title={solution.title}
          everPublished={solution.liveRevision !== null}
          errors={submittedFailure?.fieldErrors}
          onDelete={() => {
            // Deleting discards unsaved changes on purpose: no autosave, no leave-page prompt.
            discarding.current = true;
            clearTimeout(timer.current);
          }}
        />
      ) : null}
    </div>
  );
}

/** Deleting for good, at the foot of the page: a ticked box for drafts, the typed title for published ones. */
function DeleteSection({
  title,
  everPublished,
  errors,
  onDelete,
}: {
  title: string;
  everPublished: boolean;
  errors?: Record<string, string[]>;
  onDelete: () => void;
}) {
  const { t } = useTranslation("solutions");
  const errorText = useErrorText();
  return (
    <section className="card stack danger-zone no-print" aria-labelledby="delete-title">
      <h2 id="delete-title">{t("delete.title")}</h2>
      <p>{everPublished ? t("delete.publishedIntro") : t("delete.draftIntro")}</p>
      <Form method="post" className="stack" onSubmit={onDelete}>
        {everPublished ? (
          <TextField
            label={t("delete.confirmTitle", { title })}
            name="confirmTitle"
            autoComplete="off"
            required
            errors={errors?.confirmTitle}
          />
        ) : (
          <div className="stack">
            <CheckboxField label={t("delete.confirmDraft")} name="confirm" value="yes" required />
            {errors?.confirm ? (
              <ul className="field__errors" role="alert">
                {errors.confirm.map((e) => (
                  <li key={e}>{errorText(e)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
        <div className="button-row">
          <SubmitButton name="intent" value="delete" className="button button--danger">
            {t("delete.submit")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

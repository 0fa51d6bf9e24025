import { useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { COMPARED_FIELD_LABELS, type ComparedField } from "~/lib/solution-fields";
import { useLooseT } from "~/lib/use-loose-t";
import { formatSaveTime } from "./format-time";
import { diffTextByWords } from "./word-diff";

interface ConflictVersion {
  /** Rendered rich text, already sanitized by the server. */
  html: string;
  /** Plain text of the same version, for the word-by-word comparison. */
  text: string;
  revision: number;
}

/** A structured field that differs: the saved version's value, then the author's. */
export interface ConflictFieldChange {
  field: ComparedField;
  before: string;
  after: string;
}

interface ConflictViewProps {
  /** The author's unsaved version; `revision` is the revision they started editing from. */
  mine: ConflictVersion;
  /** The version someone else saved meanwhile. */
  theirs: ConflictVersion & { savedBy: string; savedAt: string };
  /** Fields (title, summary, pain points...) that differ, described by the server in the reader's language. */
  fields?: ConflictFieldChange[];
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  busy?: boolean;
}

/**
 * Shown when saving failed because someone else saved first: both versions side by side, then the
 * words that differ, then the two ways out. The comparison reads from the saved version to the
 * author's: what they added is marked inserted, what only the other version has is marked deleted.
 */
export function ConflictView({ mine, theirs, fields = [], onKeepMine, onTakeTheirs, busy = false }: ConflictViewProps) {
  const { t, i18n } = useTranslation("editor");
  const lt = useLooseT();
  const headingId = useId();
  const parts = useMemo(() => diffTextByWords(theirs.text, mine.text), [theirs.text, mine.text]);
  const savedAt = formatSaveTime(theirs.savedAt, i18n.language) ?? theirs.savedAt;
  const hasTextChanges = parts?.some((part) => part.kind !== "same") ?? true;

  return (
    <section className="conflict stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("conflict.title")}</h2>
      <p>{t("conflict.intro")}</p>

      <div className="conflict__versions">
        <article className="conflict__version card" aria-labelledby={`${headingId}-mine`}>
          <h3 id={`${headingId}-mine`}>{t("conflict.mine")}</h3>
          <p className="muted">{t("conflict.mineMeta", { revision: mine.revision })}</p>
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: mine.html }} />
        </article>
        <article className="conflict__version card" aria-labelledby={`${headingId}-theirs`}>
          <h3 id={`${headingId}-theirs`}>{t("conflict.theirs")}</h3>
          <p className="muted" suppressHydrationWarning>
            {t("conflict.theirsMeta", { revision: theirs.revision, name: theirs.savedBy, time: savedAt })}
          </p>
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: theirs.html }} />
        </article>
      </div>

      <section className="conflict__fields" aria-labelledby={`${headingId}-fields`}>
        <h3 id={`${headingId}-fields`}>{t("conflict.fieldsTitle")}</h3>
        {fields.length === 0 ? (
          <p>{t("conflict.sameFields")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("conflict.field")}</th>
                  <th scope="col">{t("conflict.theirs")}</th>
                  <th scope="col">{t("conflict.mine")}</th>
                </tr>
              </thead>
              <tbody>
                {fields.map((change) => (
                  <tr key={change.field}>
                    <th scope="row">{lt(COMPARED_FIELD_LABELS[change.field])}</th>
                    <td>
                      <del className="diff__removed">{change.before}</del>
                    </td>
                    <td>
                      <ins className="diff__added">{change.after}</ins>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="conflict__diff" aria-labelledby={`${headingId}-diff`}>
        <h3 id={`${headingId}-diff`}>{t("conflict.diffTitle")}</h3>
        {parts === null ? (
          <p>{t("conflict.tooDifferent")}</p>
        ) : !hasTextChanges ? (
          <p>{t("conflict.sameText")}</p>
        ) : (
          <>
            <p className="muted conflict__legend">
              <ins className="diff__added">{t("conflict.legendAdded")}</ins>{" "}
              <del className="diff__removed">{t("conflict.legendRemoved")}</del>
            </p>
            <p className="conflict__diff-text">
              {parts.map((part, index) =>
                part.kind === "added" ? (
                  <ins key={index} className="diff__added">
                    <span className="visually-hidden">{t("conflict.addedStart")}</span>
                    {part.text}
                    <span className="visually-hidden">{t("conflict.changeEnd")}</span>
                  </ins>
                ) : part.kind === "removed" ? (
                  <del key={index} className="diff__removed">
                    <span className="visually-hidden">{t("conflict.removedStart")}</span>
                    {part.text}
                    <span className="visually-hidden">{t("conflict.changeEnd")}</span>
                  </del>
                ) : (
                  <span key={index}>{part.text}</span>
                ),
              )}
            </p>
          </>
        )}
      </section>

      <div className="button-row">
        <button type="button" className="button" onClick={onKeepMine} disabled={busy} aria-busy={busy || undefined}>
          {t("conflict.keepMine")}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={onTakeTheirs}
          disabled={busy}
          aria-busy={busy || undefined}
        >
          {t("conflict.takeTheirs")}
        </button>
      </div>
    </section>
  );
}

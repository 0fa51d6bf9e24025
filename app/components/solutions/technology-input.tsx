import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { TextField, useErrorText } from "~/components/ui/form";
import { addTechnologies, SOLUTION_LIMITS } from "~/lib/solution-fields";

interface Props {
  label: string;
  /** How to use the chips. */
  hint: string;
  /** How to use the plain comma-separated field (without JavaScript). */
  fallbackHint?: string;
  defaultValue: readonly string[];
  errors?: string[];
  /** Called after a tag was added or removed (the form's own change events don't see hidden inputs). */
  onChange?: () => void;
  /** Where suggestions come from; answers `{ suggestions: string[] }`. */
  suggestUrl?: string;
}

const SUGGEST_DELAY_MS = 150;

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * Technologies as tags: each one a chip with a remove button, added with Enter or a comma, the last
 * one removed with Backspace in the empty input, with suggestions from existing tags (a combobox:
 * arrow keys choose, Enter takes, Escape closes). Each chip submits as its own `technologies` field.
 * Without JavaScript (and before hydration) it is the plain comma-separated field, which the server
 * splits the same way.
 */
export function TechnologyInput({
  label,
  hint,
  fallbackHint = hint,
  defaultValue,
  errors,
  onChange,
  suggestUrl = "/technologies",
}: Props) {
  const { t } = useTranslation("solutions");
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-suggestions`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [tags, setTags] = useState<string[]>(() => addTechnologies([], defaultValue.join(",")));
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const full = tags.length >= SOLUTION_LIMITS.technologiesMax;

  // Suggestions for what is being typed, a moment after typing stops; stale answers are dropped.
  const query = text.trim();
  useEffect(() => {
    if (!hydrated || !query) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`${suggestUrl}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then((response) => (response.ok ? (response.json() as Promise<{ suggestions?: unknown }>) : null))
        .then((body) => {
          const names = Array.isArray(body?.suggestions)
            ? body.suggestions.filter((s): s is string => typeof s === "string")
            : [];
          setSuggestions(names);
          setActive(-1);
        })
        .catch(() => {
          // Suggestions are a help; typing works without them.
        });
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [hydrated, query, suggestUrl]);

  const chosen = new Set(tags.map((tag) => tag.toLowerCase()));
  const options = suggestions.filter((s) => !chosen.has(s.toLowerCase()));
  const open = options.length > 0 && query.length > 0;

  const commit = (raw: string) => {
    const next = addTechnologies(tags, raw);
    setText("");
    setSuggestions([]);
    setActive(-1);
    if (next.length === tags.length) return;
    setAnnouncement(t("fields.technologyAdded", { name: next.slice(tags.length).join(", ") }));
    setTags(next);
    onChange?.();
  };

  const remove = (index: number) => {
    const removed = tags[index];
    setTags(tags.filter((_, i) => i !== index));
    setAnnouncement(t("fields.technologyRemoved", { name: removed }));
    onChange?.();
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      // Never submits the form: Enter adds the chosen suggestion or what was typed.
      event.preventDefault();
      if (open && active >= 0) commit(options[active]!);
      else if (query) commit(text);
    } else if (event.key === ",") {
      event.preventDefault();
      if (query) commit(text);
    } else if (event.key === "Backspace" && text === "" && tags.length > 0) {
      event.preventDefault();
      remove(tags.length - 1);
    } else if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setSuggestions([]);
      setActive(-1);
    }
  };

  if (!hydrated) {
    return (
      <TextField
        label={label}
        name="technologies"
        hint={fallbackHint}
        defaultValue={defaultValue.join(", ")}
        errors={errors}
        maxLength={1000}
      />
    );
  }

  const describedBy = [hintId, errors?.length ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={`field tag-input${errors?.length ? " field--invalid" : ""}`}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <div className="tag-input__box">
        {tags.length ? (
          <ul className="tag-input__chips" aria-label={t("fields.technologiesChosen")}>
            {tags.map((tag, index) => (
              <li key={tag.toLowerCase()} className="tag-input__chip">
                <span>{tag}</span>
                <button
                  type="button"
                  className="tag-input__remove"
                  aria-label={t("fields.removeTechnology", { name: tag })}
                  onClick={() => remove(index)}
                >
                  ×
                </button>
                <input type="hidden" name="technologies" value={tag} />
              </li>
            ))}
          </ul>
        ) : null}
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          className="tag-input__text"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={errors?.length ? true : undefined}
          maxLength={SOLUTION_LIMITS.technologyMax * 4}
          disabled={full}
          placeholder={full ? t("fields.technologiesFull") : undefined}
          value={text}
          onChange={(event) => {
            const value = event.target.value;
            // A pasted "Revit, Navisworks, Python" becomes chips at once, keeping the last part typed.
            if (value.includes(",")) {
              const cut = value.lastIndexOf(",");
              commit(value.slice(0, cut));
              setText(value.slice(cut + 1).trimStart());
            } else {
              setText(value);
            }
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (query) commit(text);
          }}
        />
        <ul id={listId} role="listbox" className="tag-input__suggestions" aria-label={label} hidden={!open}>
          {open
            ? options.map((option, index) => (
                <li
                  key={option}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? "tag-input__option tag-input__option--active" : "tag-input__option"}
                  // mousedown, not click: the input must not lose focus (its blur would add the typed text).
                  onMouseDown={(event) => {
                    event.preventDefault();
                    commit(option);
                  }}
                >
                  {option}
                </li>
              ))
            : null}
        </ul>
      </div>
      <p id={hintId} className="field__hint">
        {hint}
      </p>
      {errors?.length ? (
        <ul id={errorId} className="field__errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{errorText(e)}</li>
          ))}
        </ul>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

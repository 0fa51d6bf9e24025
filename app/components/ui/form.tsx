import { useNavigation } from "@remix-run/react";
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { useLooseT } from "~/lib/use-loose-t";

/** Field errors arrive as i18n keys ("validation:required"); plain sentences pass through. */
export function useErrorText() {
  const t = useLooseT();
  return (key: string) => (/^[a-z]+:[\w.]+$/.test(key) ? t(key) : key);
}

interface FieldShellProps {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  children: (ids: { inputId: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

function FieldShell({ label, errors, hint, children }: FieldShellProps) {
  const id = useId();
  const errorText = useErrorText();
  const inputId = `${id}-input`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${errors?.length ? " field--invalid" : ""}`}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      {children({ inputId, describedBy, invalid: Boolean(errors?.length) })}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul id={errorId} className="field__errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{errorText(e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  errors,
  hint,
  ...input
}: { label: ReactNode; errors?: string[]; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <input id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />
      )}
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  errors,
  hint,
  ...input
}: { label: ReactNode; errors?: string[]; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <textarea id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />
      )}
    </FieldShell>
  );
}

export function SelectField({
  label,
  errors,
  hint,
  options,
  ...select
}: {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  options: { value: string; label: string; disabled?: boolean }[];
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint}>
      {({ inputId, describedBy, invalid }) => (
        <select id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function CheckboxField({ label, ...input }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field field--checkbox">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** Disabled with a busy label while its form is being submitted. */
export function SubmitButton({
  children,
  className = "button",
  name,
  value,
}: {
  children: ReactNode;
  className?: string;
  name?: string;
  value?: string;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (name === undefined || navigation.formData?.get(name) === value);
  return (
    <button type="submit" className={className} name={name} value={value} disabled={busy} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}

export function FormError({ error }: { error?: string }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <p className="notice notice--error" role="alert">
      {errorText(error)}
    </p>
  );
}

export function Notice({
  children,
  tone = "info",
  print = false,
}: {
  children: ReactNode;
  tone?: "info" | "success" | "warning" | "error";
  /** Notices are left out of printouts, except those that belong to the printed content. */
  print?: boolean;
}) {
  return (
    <div
      className={`notice notice--${tone}${print ? " notice--print" : ""}`}
      role={tone === "error" ? "alert" : "status"}
    >
      {children}
    </div>
  );
}

/** A field nobody should fill: hidden from people (and assistive tech), tempting to bots. */
export function Honeypot({ name, label }: { name: string; label: string }) {
  return (
    <div className="honeypot" aria-hidden="true">
      <label>
        {label}
        <input type="text" name={name} tabIndex={-1} autoComplete="off" defaultValue="" />
      </label>
    </div>
  );
}

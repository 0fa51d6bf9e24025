import { type FormEvent, type ReactNode, type SyntheticEvent, useEffect, useId, useRef } from "react";
import { createPortal } from "react-dom";

interface EditorDialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  /** The buttons, at the bottom of the form; the first submit button is the Enter key's. */
  actions: ReactNode;
  /** Runs once the dialog has closed, e.g. to put the caret back in the text. */
  onClosed?: () => void;
}

/**
 * While a modal dialog is open the browser makes the rest of the page inert; mark it hidden for
 * assistive technology too, as modal-dialog libraries do, so that only the dialog's controls are
 * found by role (the image dialog's "Insert image" and the toolbar's would otherwise share a name).
 * Returns the function that undoes it.
 */
function hideRestOfPage(dialog: HTMLElement): () => void {
  const hidden = Array.from(document.body.children).filter(
    (element) => element !== dialog && element.tagName !== "SCRIPT" && !element.hasAttribute("aria-hidden"),
  );
  for (const element of hidden) element.setAttribute("aria-hidden", "true");
  return () => {
    for (const element of hidden) element.removeAttribute("aria-hidden");
  };
}

/** Keeps the dialog's own events from reaching the page's form, which React would otherwise bubble them to. */
function stopAtDialog(event: SyntheticEvent): void {
  event.stopPropagation();
}

/**
 * A modal form for the editor's prompts (link, table size, image description). The native
 * `<dialog>` gives focus containment, Escape to close and an inert page behind it without a library.
 *
 * The editor usually sits inside the page's own `<form>` (the write-up form), and forms must not
 * nest, so the dialog is rendered into `<body>`. React still bubbles a portal's events to its React
 * parents, so submit and change events stop here: choosing a link must not submit or mark the
 * write-up form.
 */
export function EditorDialog({ open, title, onClose, onSubmit, children, actions, onClosed }: EditorDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onClosedRef = useRef(onClosed);
  useEffect(() => {
    onClosedRef.current = onClosed;
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    if (!dialog.open) dialog.showModal();
    const showRestOfPage = hideRestOfPage(dialog);
    // React's autoFocus runs before the dialog is shown, so it cannot be relied on here.
    dialog.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select")?.focus();
    return () => {
      showRestOfPage();
      if (dialog.open) dialog.close();
      onClosedRef.current?.();
    };
  }, [open]);

  const dialog = (
    <dialog
      ref={dialogRef}
      className="editor-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React state decide, so the dialog and `open` never disagree.
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <form
          className="editor-dialog__form stack"
          noValidate
          onChange={stopAtDialog}
          onInput={stopAtDialog}
          onSubmit={(event) => {
            event.preventDefault();
            event.stopPropagation();
            onSubmit(event);
          }}
        >
          <h2 id={titleId} className="editor-dialog__title">
            {title}
          </h2>
          {children}
          <div className="button-row">{actions}</div>
        </form>
      ) : null}
    </dialog>
  );
  return typeof document === "undefined" ? null : createPortal(dialog, document.body);
}

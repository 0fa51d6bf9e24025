import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { DRAG_DROP_PASTE } from "@lexical/rich-text";
import { mergeRegister } from "@lexical/utils";
import { COMMAND_PRIORITY_EDITOR, COMMAND_PRIORITY_LOW, PASTE_COMMAND } from "lexical";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/ui/form";
import { RICH_TEXT_LIMITS } from "~/lib/rich-text/rich-text-limits";
import { isPortalImageSrc } from "~/lib/rich-text/url-policy";
import { EditorDialog } from "../editor-dialog";
import { OPEN_IMAGE_PICKER_COMMAND } from "../editor-commands";
import { EditorMessages, type EditorMessage } from "../editor-messages";
import { $insertUploadedImage, ACCEPTED_IMAGE_TYPES, sortImageFiles, type UploadedImage } from "../image-files";

export type UploadImage = (file: File) => Promise<UploadedImage>;

interface ImagePluginProps {
  uploadImage: UploadImage;
}

/**
 * Image files pasted from the clipboard. Word and Excel put a picture of the copied text next to the
 * text itself, so files count only when there is no text; a browser's "Copy image" gives the file
 * with an `<img>` as HTML but no plain text, and is handled here rather than by the HTML import,
 * which would drop the image.
 */
function readPastedImageFiles(event: ClipboardEvent): File[] {
  const data = event.clipboardData;
  if (!data || data.files.length === 0) return [];
  if (data.getData("text/plain").trim() !== "") return [];
  return Array.from(data.files);
}

/** Pasted HTML with images: they are not imported (only uploads may be stored), so say so. */
function hasPastedHtmlImages(event: ClipboardEvent): boolean {
  return /<img\b/i.test(event.clipboardData?.getData("text/html") ?? "");
}

let nextMessageId = 0;

/**
 * Images: upload from the toolbar's file picker, by pasting or by dropping files; then a required
 * description before the image goes in. Uploads run one after another, so descriptions are asked
 * in the order the files were chosen.
 */
export function ImagePlugin({ uploadImage }: ImagePluginProps) {
  const [editor] = useLexicalComposerContext();
  const { t } = useTranslation("editor");
  const fileInputRef = useRef<HTMLInputElement>(null);
  const uploadImageRef = useRef(uploadImage);
  const uploadQueue = useRef<Promise<void>>(Promise.resolve());
  const [uploading, setUploading] = useState<string[]>([]);
  const [awaitingDescription, setAwaitingDescription] = useState<UploadedImage[]>([]);
  const [messages, setMessages] = useState<EditorMessage[]>([]);
  const [altText, setAltText] = useState("");
  const [altTextMissing, setAltTextMissing] = useState(false);

  useEffect(() => {
    uploadImageRef.current = uploadImage;
  });

  const addMessage = useCallback((tone: EditorMessage["tone"], text: string) => {
    setMessages((current) => [...current, { id: ++nextMessageId, tone, text }]);
  }, []);

  const uploadOne = useCallback(
    async (file: File) => {
      setUploading((current) => [...current, file.name]);
      try {
        const image = await uploadImageRef.current(file);
        // The server only stores documents whose images are uploads; catch a surprise here, not at save.
        if (!isPortalImageSrc(image.src)) throw new Error(t("image.uploadFailed", { name: file.name }));
        setAwaitingDescription((current) => [...current, image]);
      } catch (error) {
        addMessage(
          "error",
          error instanceof Error && error.message ? error.message : t("image.uploadFailed", { name: file.name }),
        );
      } finally {
        setUploading((current) => {
          const index = current.indexOf(file.name);
          return index < 0 ? current : [...current.slice(0, index), ...current.slice(index + 1)];
        });
      }
    },
    [addMessage, t],
  );

  const startUploads = useCallback(
    (files: readonly File[]) => {
      const { images, rejected } = sortImageFiles(files);
      for (const file of rejected) addMessage("error", t("image.unsupportedType", { name: file.name }));
      for (const file of images) {
        uploadQueue.current = uploadQueue.current.then(() => uploadOne(file));
      }
    },
    [addMessage, t, uploadOne],
  );

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          OPEN_IMAGE_PICKER_COMMAND,
          () => {
            fileInputRef.current?.click();
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        // Dropped files (and pasted files with no other content), after Lexical has put the caret at the drop point.
        editor.registerCommand(
          DRAG_DROP_PASTE,
          (files) => {
            startUploads(files);
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        editor.registerCommand(
          PASTE_COMMAND,
          (event) => {
            if (!(event instanceof ClipboardEvent)) return false;
            const files = readPastedImageFiles(event);
            if (files.length > 0) {
              event.preventDefault();
              startUploads(files);
              return true;
            }
            if (hasPastedHtmlImages(event)) addMessage("info", t("image.pastedImagesLeftOut"));
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, startUploads, addMessage, t],
  );

  const current = awaitingDescription[0];

  const finishCurrent = () => {
    setAwaitingDescription((queue) => queue.slice(1));
    setAltText("");
    setAltTextMissing(false);
  };

  const insertCurrent = () => {
    if (!current) return;
    const description = altText.trim();
    if (description === "") {
      setAltTextMissing(true);
      return;
    }
    editor.update(() => $insertUploadedImage(current, description));
    finishCurrent();
  };

  const statusText = uploading.length > 0 ? t("image.uploading", { name: uploading[0] }) : null;

  return (
    <>
      <input
        ref={fileInputRef}
        type="file"
        accept={ACCEPTED_IMAGE_TYPES.join(",")}
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t("image.fileInput")}
        onChange={(event) => {
          // This input sits inside the page's form: choosing a file is not an edit of that form.
          event.stopPropagation();
          const files = Array.from(event.target.files ?? []);
          // Cleared so that choosing the same file again still fires a change.
          event.target.value = "";
          startUploads(files);
        }}
      />
      <EditorMessages
        status={statusText}
        messages={messages}
        onDismiss={(id) => setMessages((all) => all.filter((message) => message.id !== id))}
      />
      <EditorDialog
        open={current !== undefined}
        title={t("image.dialogTitle")}
        onClose={finishCurrent}
        onClosed={() => editor.focus()}
        onSubmit={insertCurrent}
        actions={
          <>
            <button type="submit" className="button">
              {t("image.insert")}
            </button>
            <button type="button" className="button button--secondary" onClick={finishCurrent}>
              {t("image.discard")}
            </button>
          </>
        }
      >
        {current ? <img className="editor-dialog__preview" src={current.src} alt="" /> : null}
        <TextField
          label={t("image.altText")}
          hint={t("image.altTextHint")}
          name="altText"
          value={altText}
          maxLength={RICH_TEXT_LIMITS.maxAltTextLength}
          required
          aria-required="true"
          errors={altTextMissing ? [t("image.altTextRequired")] : undefined}
          onChange={(event) => {
            setAltText(event.target.value);
            setAltTextMissing(false);
          }}
        />
      </EditorDialog>
    </>
  );
}

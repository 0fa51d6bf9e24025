import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Up/down buttons, each its own little form so they work without JavaScript. */
export function MoveButtons({
  id,
  name,
  intents,
  isFirst,
  isLast,
}: {
  id: string;
  name: string;
  intents: { up: string; down: string };
  isFirst: boolean;
  isLast: boolean;
}) {
  const { t } = useTranslation("taxonomy");
  return (
    <div className="taxonomy-move">
      <Form method="post" preventScrollReset>
        <input type="hidden" name="id" value={id} />
        <button
          type="submit"
          name="intent"
          value={intents.up}
          className="button button--secondary button--small"
          disabled={isFirst}
          aria-label={t("curate.moveUpLabel", { name })}
          title={t("curate.moveUp")}
        >
          ↑
        </button>
      </Form>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="id" value={id} />
        <button
          type="submit"
          name="intent"
          value={intents.down}
          className="button button--secondary button--small"
          disabled={isLast}
          aria-label={t("curate.moveDownLabel", { name })}
          title={t("curate.moveDown")}
        >
          ↓
        </button>
      </Form>
    </div>
  );
}

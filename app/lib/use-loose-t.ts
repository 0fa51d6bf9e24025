import { useTranslation } from "react-i18next";

/**
 * `t` for keys computed at run time ("errors:" + code, "auth:roles." + role). The typed `t` only takes
 * literal keys; a unit test checks that every namespace has the same keys in both languages.
 */
export type LooseT = (key: string, options?: Record<string, unknown>) => string;

export function useLooseT(): LooseT {
  const { t } = useTranslation();
  return t as unknown as LooseT;
}

import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

/** OWASP's argon2id baseline; argon2id is the library's default algorithm. */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing it is no denial-of-service lever. */
export const PASSWORD_MAX_LENGTH = 256;

let commonPasswords: Set<string> | undefined;

/** ~49,000 common passwords from zxcvbn-ts's ranked list. */
export function commonPasswordCount(): number {
  return loadCommonPasswords().size;
}

function loadCommonPasswords(): Set<string> {
  commonPasswords ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return commonPasswords;
}

export type PasswordProblem = "too_short" | "too_long" | "too_common" | "contains_email";

/** Rows and columns of a US keyboard and the alphabet, each also read backwards. */
const WALKS = [
  "`1234567890-=",
  "~!@#$%^&*()_+",
  "qwertyuiop[]\\",
  "asdfghjkl;'",
  "zxcvbnm,./",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
  "qazwsxedcrfvtgbyhnujmikolp",
  "abcdefghijklmnopqrstuvwxyz",
].flatMap((walk) => [walk, [...walk].reverse().join("")]);

/** Typed along the keyboard (or alphabet) only: every stretch of three or more keys follows one walk. */
function isKeyboardWalk(text: string): boolean {
  if (text.length < 4) return false;
  let i = 0;
  while (i < text.length) {
    let longest = 0;
    for (let end = text.length; end - i >= 3 && longest === 0; end--) {
      if (WALKS.some((walk) => walk.includes(text.slice(i, end)))) longest = end - i;
    }
    if (longest === 0) return false;
    i += longest;
  }
  return true;
}

const LEET: Record<string, string> = { "@": "a", "4": "a", "3": "e", "0": "o", $: "s", "5": "s", "7": "t", "+": "t" };

/** "p@ssw0rd" and "pa55word" read as "password" ("1" and "!" as both "i" and "l"). */
function unLeet(text: string): string[] {
  const plain = [...text].map((c) => LEET[c] ?? c).join("");
  return [plain.replace(/[1!]/g, "i"), plain.replace(/[1!]/g, "l")];
}

/** Digits, punctuation, symbols and spaces at either end: "Password!!!!" and "2024dragon" are no stronger. */
const LEADING = /^[\p{N}\p{P}\p{S}\s]+/u;
const TRAILING = /[\p{N}\p{P}\p{S}\s]+$/u;

function withoutDecoration(text: string): string[] {
  const leading = text.replace(LEADING, "");
  return [text, leading, text.replace(TRAILING, ""), leading.replace(TRAILING, "")];
}

/**
 * The forms of a password an attacker tries first: as typed (lowercased), without decoration at either
 * end, with leet spelling undone, and combinations ("$unsh1ne2024" is "sunshine").
 */
function guessableForms(password: string): string[] {
  const lowered = password.toLowerCase();
  const forms = withoutDecoration(lowered)
    .flatMap((form) => [form, ...unLeet(form)])
    .flatMap(withoutDecoration)
    .filter((form) => form === lowered || form.length >= 4);
  return [...new Set(forms)];
}

/**
 * Refused as common: a listed password; a listed one with digits or symbols added at either end, or in
 * leet spelling; a repetition of a listed one or of up to three characters ("monkeymonkey",
 * "abcabcabcabc"); a keyboard walk ("qwertyasdfgh", "0987654321"). The list alone rarely fires at ten
 * characters and more: only about 1,500 of its entries are that long.
 */
function isCommonPassword(password: string): boolean {
  const list = loadCommonPasswords();
  return guessableForms(password).some((form) => {
    if (list.has(form) || isKeyboardWalk(form)) return true;
    const unit = /^(.+?)\1+$/su.exec(form)?.[1];
    return unit !== undefined && (unit.length <= 3 || list.has(unit) || isKeyboardWalk(unit));
  });
}

/** Why a new password is refused, or null when it is acceptable. */
export function findPasswordProblem(password: string, context: { email?: string } = {}): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "too_short";
  if (password.length > PASSWORD_MAX_LENGTH) return "too_long";
  if (isCommonPassword(password)) return "too_common";
  const lowered = password.toLowerCase();
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lowered.includes(local)) return "contains_email";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown email can't be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password-for-timing-only");
  await verifyPassword(await dummyHash, password.slice(0, PASSWORD_MAX_LENGTH));
  return false;
}

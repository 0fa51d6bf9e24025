import crypto from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * Tokens of the form `<id>.<secret>` (Lucia's session design): the id finds the row, the secret proves
 * possession. Each part has 160 random bits. Only SHA-256 of the secret is stored, and it is compared in
 * constant time, so a database leak or a timing probe yields nothing usable.
 */
const PART = /^[a-z2-7]{32}$/;

export interface SecretToken {
  id: string;
  secret: string;
  token: string;
  secretHash: Uint8Array;
}

function randomPart(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export function generateSecretToken(prefix = ""): SecretToken {
  const id = randomPart();
  const secret = randomPart();
  return { id, secret, token: `${prefix}${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token; anything malformed is simply not a token (never an exception). */
export function parseSecretToken(value: string | null | undefined, prefix = ""): { id: string; secret: string } | null {
  if (!value || value.length > 200 || !value.startsWith(prefix)) return null;
  const [id, secret, ...rest] = value.slice(prefix.length).split(".");
  if (rest.length || !id || !secret || !PART.test(id) || !PART.test(secret)) return null;
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret);
  return storedHash.length === presented.length && constantTimeEqual(presented, new Uint8Array(storedHash));
}

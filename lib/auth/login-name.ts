/**
 * Login names: NFKC-normalised, then limited to a-z, 0-9 and . _ @ - so that no
 * two accounts can look alike ("аdmin" with a Cyrillic а is refused, "ａｄｍｉｎ"
 * normalises to "admin"). Uniqueness is on the lower-cased key.
 */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/i;

export type LoginName = { login: string; key: string };

export function parseLoginName(raw: string): LoginName | null {
  const login = raw.normalize("NFKC").trim();
  if (!LOGIN_PATTERN.test(login)) return null;
  return { login, key: login.toLowerCase() };
}

export const LOGIN_RULES = "Use 1–64 characters: letters a–z, digits and . _ @ - (starting with a letter or digit).";

import "server-only";

/**
 * The list of common passwords new passwords are checked against (ASVS 6.2.4,
 * NIST SP 800-63B 5.1.1.2). Source: the npm package `@zxcvbn-ts/language-common`
 * (MIT, zxcvbn-ts — the maintained TypeScript port of Dropbox's zxcvbn), its
 * `passwords-common` dictionary: 49,233 passwords, most frequent first, taken
 * from the Xato ten-million-password corpus, lower-cased, ASCII only.
 *
 * Loaded once, on first use (a dynamic import, so processes that never set a
 * password never load it), and kept as a Set: 30–100 ms once, +3.8 MB of heap,
 * on this project's 2-core machine (measured; docs/security.md has the figures).
 */

/** Where the list comes from, for messages and docs. */
export const COMMON_PASSWORDS_SOURCE = "@zxcvbn-ts/language-common (passwords-common, MIT)";

let loading: Promise<ReadonlySet<string>> | undefined;

export function commonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import("@zxcvbn-ts/language-common")
    .then(({ dictionary }) => new Set<string>(dictionary["passwords-common"]))
    .catch((error: unknown) => {
      // Let the next call try again instead of caching a failure for the process's life.
      loading = undefined;
      throw error;
    });
  return loading;
}

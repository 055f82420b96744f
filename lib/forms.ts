import type { Failure } from "@/lib/errors";

/**
 * What a form action returns to its form: nothing yet, a failure with per-field
 * messages, or a success message. `values` echoes only non-secret fields (never a
 * password or code) so the form keeps what the user typed.
 */
export type FormState =
  | null
  | (Failure & { values?: Record<string, string> })
  | { ok: true; message?: string };

/** A text field from FormData; files and missing fields read as "". */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export function formFlag(form: FormData, name: string): boolean {
  const value = form.get(name);
  return value === "on" || value === "true" || value === "1";
}

/** Non-secret fields to give back to a form, each cut to a sane length. */
export function echo(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, 256)]));
}

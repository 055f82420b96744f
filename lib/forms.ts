import { z } from "zod";
import type { Failure } from "@/lib/errors";

/**
 * What a form action returns to its form: nothing yet, a failure with per-field
 * messages, or a success message. `values` echoes only non-secret fields (never a
 * password or code) so the form keeps what the user typed.
 */
export type FormState = null | (Failure & { values?: Record<string, string> }) | { ok: true; message?: string };

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

/** A bound argument that names something (a login, a provider, a group, a channel) or a path to go to next. */
export const boundText = z.string().max(2048);
/** A bound on/off argument. */
export const boundFlag = z.boolean();

/**
 * Whether a form action was called the way its form calls it: every bound
 * argument (`action.bind(null, …)` on the page — the browser sends them back,
 * so they are input like the fields) matches its schema, and the last argument
 * is a FormData. A hand-made request can put anything anywhere; the action
 * answers such a call with `invalid_input` before doing anything.
 */
export function calledAsForm(form: unknown, ...bound: [z.ZodType, unknown][]): form is FormData {
  return form instanceof FormData && bound.every(([schema, value]) => schema.safeParse(value).success);
}

const SETUP_FIELD = "field.";
const MAX_SETUP_FIELDS = 8;

/** A set-up form's extra fields (`field.<name>`, see SetupView.fields), at most 8, each cut to 1024 characters. */
export function setupFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(SETUP_FIELD) || typeof value !== "string") continue;
    if (Object.keys(fields).length >= MAX_SETUP_FIELDS) break;
    fields[name.slice(SETUP_FIELD.length)] = value.slice(0, 1024);
  }
  return fields;
}

/** The form name of a set-up field. */
export const setupFieldName = (name: string) => `${SETUP_FIELD}${name}`;

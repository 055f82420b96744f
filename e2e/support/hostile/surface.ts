import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT } from "../servers";

/**
 * The attack surface, read from the production build rather than kept by hand:
 * every server action (`.next/server/server-reference-manifest.json`: id,
 * export name, source file, the pages that host it), every route handler and
 * every page (`.next/server/app-paths-manifest.json`). A new action or route
 * is fuzzed the moment it is built.
 *
 * From each action's source the fuzz also reads its signature — which
 * arguments are bound with `.bind()` (and so come from the client like the
 * form does) and their declared types — and the form fields it reads, so the
 * hostile values land where the code looks.
 */

export type Param = { name: string; type: string };

export type ServerAction = {
  id: string;
  name: string;
  file: string;
  /** Page paths that host the action (dynamic segments as written: "/login/challenge/[provider]"). */
  pages: string[];
  /** Leading arguments bound on the page (`action.bind(null, …)`): client-supplied. */
  bound: Param[];
  /** A form action: `(…bound, prevState, formData)`. */
  takesForm: boolean;
  /** The fields it reads from the form: text (formText, form.get), flag (formFlag: a checkbox), list (form.getAll). */
  fields: { name: string; kind: "text" | "flag" | "list" }[];
  /** It reads nothing from the client: no bound argument and no form field. A valid call is a legitimate request whatever its body. */
  inputFree: boolean;
};

export type RouteHandler = { path: string; file: string; methods: string[] };

const BUILD = path.join(ROOT, ".next", "server");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** "app/(auth)/login/challenge/[provider]/page" → "/login/challenge/[provider]" */
function urlPath(entry: string): string {
  const segments = entry
    .replace(/^app\//, "")
    .replace(/^\//, "")
    .split("/")
    .slice(0, -1);
  return `/${segments.filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(BUILD, file), "utf8")) as T;
}

type ManifestEntry = { workers: Record<string, unknown>; exportedName?: string; filename?: string };

export function serverActions(): ServerAction[] {
  const manifest = readJson<{ node: Record<string, ManifestEntry> }>("server-reference-manifest.json");
  return Object.entries(manifest.node).map(([id, entry]) => {
    if (!entry.exportedName || !entry.filename) throw new Error(`server-reference-manifest: action ${id} has no export name or file`);
    const pages = Object.keys(entry.workers)
      .filter((w) => w.endsWith("/page"))
      .map(urlPath);
    return { id, name: entry.exportedName, file: entry.filename, pages, ...signature(entry.filename, entry.exportedName) };
  });
}

function signature(file: string, name: string): Pick<ServerAction, "bound" | "takesForm" | "fields" | "inputFree"> {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const fn = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  if (!fn?.body) throw new Error(`${file}: no exported function ${name}`);
  const params = fn.parameters.map((p) => ({ name: p.name.getText(source), type: p.type?.getText(source) ?? "unknown" }));
  const formAt = params.findIndex((p) => p.type === "FormData");
  const takesForm = formAt >= 1;
  const bound = takesForm ? params.slice(0, formAt - 1) : params;
  const body = fn.body.getText(source);
  const fields = [...body.matchAll(/form(Text|Flag)\(form, "([^"]+)"\)|form\.get(All)?\("([^"]+)"\)/g)].map((m) => ({
    name: (m[2] ?? m[4])!,
    kind: m[1] === "Flag" ? ("flag" as const) : m[3] ? ("list" as const) : ("text" as const),
  }));
  const readsForm = takesForm && !params[formAt]!.name.startsWith("_");
  return { bound, takesForm, fields, inputFree: bound.length === 0 && !readsForm };
}

export function routeHandlers(): RouteHandler[] {
  const manifest = readJson<Record<string, string>>("app-paths-manifest.json");
  return Object.keys(manifest)
    .filter((entry) => entry.endsWith("/route"))
    .map((entry) => {
      const file = `app${entry}.ts`;
      const source = readFileSync(path.join(ROOT, file), "utf8");
      const methods = HTTP_METHODS.filter((m) => new RegExp(`export (?:async )?(?:function|const) ${m}\\b`).test(source));
      return { path: urlPath(entry), file, methods };
    });
}

export function pages(): string[] {
  const manifest = readJson<Record<string, string>>("app-paths-manifest.json");
  return Object.keys(manifest)
    .filter((entry) => entry.endsWith("/page") && !/\/_(global-error|not-found)\//.test(entry))
    .map(urlPath);
}

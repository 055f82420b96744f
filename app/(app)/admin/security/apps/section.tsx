import { Section } from "@/components/ui/card";
import { protectedAppsView } from "@/lib/dal/protected-apps";
import { AddAppForm, RemoveAppForm } from "./forms";

/** Protected apps (forward auth): the same list as `app:list`, with add and remove. */
export async function ProtectedAppsSection() {
  const apps = await protectedAppsView();
  if (!apps) return null;
  return (
    <Section
      id="apps"
      title="Protected apps"
      description="Apps behind your reverse proxy that ask Gatehouse about every request (docs/protecting-apps.md). A host or path no app covers is refused."
    >
      {apps.length === 0 ? <p className="text-sm text-slate-600">No protected apps yet.</p> : null}
      <ul aria-label="Protected apps" className="divide-y divide-slate-100">
        {apps.map((a) => (
          <li key={a.name} aria-label={a.name} className="flex items-center justify-between gap-4 py-2 text-sm">
            <span>
              <span className="font-medium">{a.name}</span> <span className="font-mono text-xs text-slate-600">{a.url}</span>
              <span className="block text-xs text-slate-600">
                {a.public ? "Public" : [...a.allowGroups.map((g) => `group ${g}`), ...a.allowUsers.map((u) => `user ${u}`)].join(", ") || "Every user"} · app
                passwords: {a.clients === "full" ? "full access" : a.clients === "read_only" ? "read-only" : "not accepted"}
                {a.require === "phishing_resistant" ? " · requires a security key or passkey" : ""}
              </span>
            </span>
            <RemoveAppForm name={a.name} />
          </li>
        ))}
      </ul>
      <div className="mt-4 border-t border-slate-100 pt-4">
        <AddAppForm />
      </div>
    </Section>
  );
}

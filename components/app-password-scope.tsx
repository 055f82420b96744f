/**
 * The scope choices of a new app password — full or read-only, and which
 * protected apps (none ticked: every app) — shared by the settings page's form
 * and the client-flow grant page. `idPrefix` keeps two forms' ids apart.
 */
export function AppPasswordScopeFields({ apps, idPrefix = "", appsError }: { apps: string[]; idPrefix?: string; appsError?: string }) {
  return (
    <>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Access</legend>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
          <ScopeChoice id={`${idPrefix}scope-full`} value="full" label="Full access" defaultChecked />
          <ScopeChoice id={`${idPrefix}scope-read_only`} value="read_only" label="Read-only (the app can read, not change)" />
        </div>
      </fieldset>
      {apps.length ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Protected apps it may reach</legend>
          <p className="text-xs text-slate-600">Tick none for every app.</p>
          <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
            {apps.map((app) => (
              <div key={app} className="flex items-center gap-2">
                <input id={`${idPrefix}apps-${app}`} type="checkbox" name="apps" value={app} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
                <label htmlFor={`${idPrefix}apps-${app}`} className="text-sm text-slate-700">
                  {app}
                </label>
              </div>
            ))}
          </div>
          {appsError ? <p className="mt-1 text-sm text-red-600">{appsError}</p> : null}
        </fieldset>
      ) : null}
    </>
  );
}

function ScopeChoice({ id, value, label, defaultChecked }: { id: string; value: string; label: string; defaultChecked?: boolean }) {
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="radio"
        name="scope"
        value={value}
        defaultChecked={defaultChecked}
        className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
      />
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}
      </label>
    </div>
  );
}

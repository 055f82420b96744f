// ESLint (flat config): typescript-eslint, the Next.js plugin, React's hooks rules,
// and the import boundaries of docs/architecture.md § Layers.
import { readdirSync } from "node:fs";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const LIB = [
  { group: ["@/app", "@/app/**", "@/components", "@/components/**"], message: "lib/ never imports app/ or components/ (docs/architecture.md § Layers)." },
];
const CORE = [
  ...LIB,
  {
    group: ["@/lib/providers", "@/lib/providers/**", "@/lib/plugins", "@/gatehouse.config", "@gatehouse/provider-*"],
    message: "The two-factor core never imports a provider: lib/plugins.ts hands it the list.",
  },
];
const PROVIDER = [
  ...LIB,
  {
    group: ["@/lib/two-factor/**", "!@/lib/two-factor/provider-api"],
    message: "A provider imports only the core's public API, @/lib/two-factor/provider-api.",
  },
  { group: ["@/lib/plugins", "@/gatehouse.config", "@gatehouse/provider-*"], message: "A provider never imports another provider, nor the list of them." },
];
const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

// One block per built-in provider: it may import its own folder and no other provider's.
const providerFolders = readdirSync("lib/providers", { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const perProvider = providerFolders.map((name) => ({
  files: [`lib/providers/${name}/**`],
  rules: restrict([...PROVIDER, { regex: `^@/lib/providers(?!/${name}(/|$))`, message: "A provider never imports another provider." }]),
}));

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "lib/generated/", "test-results/", "playwright-report/", "data/", "next-env.d.ts", "bench/profiles/"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
    settings: { next: { rootDir: "." } },
  },
  // React code (hooks exist only there: elsewhere `use…` names a plain function, e.g. Playwright's fixture `use`).
  {
    files: ["app/**/*.tsx", "components/**/*.tsx", "packages/*/src/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs["recommended-latest"].rules,
  },
  { files: ["lib/**"], rules: restrict(LIB) },
  { files: ["lib/two-factor/**"], rules: restrict(CORE) },
  { files: ["lib/providers/*.ts"], rules: restrict(PROVIDER.slice(0, 2)) },
  ...perProvider,
  {
    files: ["packages/*/src/**"],
    rules: restrict([{ group: ["@/*", "@/**"], message: "A provider package imports only @gatehouse/provider-api and its own npm dependencies." }]),
  },
  { files: ["components/**"], rules: restrict([{ group: ["@/app", "@/app/**"], message: "components/ is presentational: it never imports app/." }]) },
  // Plain Node scripts and configs.
  { files: ["**/*.mjs", "**/*.cjs"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
);

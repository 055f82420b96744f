// Lets plain Node run Gatehouse's TypeScript outside Next (server, CLI, scripts):
// tsx compiles it, and the `server-only` guard (which throws outside React server
// bundles) resolves to an empty module, since these processes are server-only.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./server-only-hook.mjs", import.meta.url);
registerTsx({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });

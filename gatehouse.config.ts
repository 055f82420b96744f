import hotpProvider from "@gatehouse/provider-hotp";
import type { GatehouseConfig } from "@/lib/plugin-config";

/**
 * This instance's configuration, read at build time: `npm start` rebuilds when
 * it changes. `providers`: second factors from npm packages (install the
 * package, import it here, add it to the list), shown after the built-in
 * factors and before the recovery methods.
 */
const config: GatehouseConfig = {
  providers: [hotpProvider],
};

export default config;

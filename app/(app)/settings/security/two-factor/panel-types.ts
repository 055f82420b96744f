import type { ReactNode } from "react";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/** What a provider's settings panel (a React server component) receives. */
export type PanelProps = { provider: SecondFactorProvider; userId: string; login: string; hasFactor: boolean; enabled: boolean };
export type SettingsPanel = (props: PanelProps) => Promise<ReactNode> | ReactNode;

import { Section } from "@/components/ui/card";
import { trustDays } from "@/lib/two-factor/trusted-browsers";
import { TrustDaysForm } from "./trust-days-form";

/** Admin page: how long "Don't ask again on this browser" lasts (issue #19; docs/security.md § Trusted browsers). */
export async function TrustedBrowsersSettingSection() {
  const days = await trustDays();
  return (
    <Section
      id="trusted-browsers"
      title="Trusted browsers"
      description="After the second factor, users may tick “Don't ask again on this browser”: that browser then asks only for the password until the time is up, the user changes their password or signs out everywhere, or you revoke it on the user's page. Never offered for administrators' own accounts."
    >
      <TrustDaysForm days={days} />
    </Section>
  );
}

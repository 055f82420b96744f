import { Section } from "@/components/ui/card";
import { PasswordForm } from "./password-form";

/** "Change password": afterwards every other browser session ends (and, by default, every app password). */
export function PasswordSection() {
  return (
    <Section
      id="password"
      title="Change password"
      description="Every other browser signed in to your account is signed out. Apps keep working with their app passwords unless you revoke those too."
    >
      <PasswordForm />
    </Section>
  );
}

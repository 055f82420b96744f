"use client";
import { AuthCard } from "@/components/ui/card";
import { Button } from "@/components/ui/button";

// Shown for unexpected errors only; never renders the error's message or stack.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <AuthCard title="Something went wrong" subtitle="The request could not be completed. Nothing was changed.">
      <Button onClick={reset}>Try again</Button>
    </AuthCard>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthCard } from "@/components/ui/card";
import { isSetUp } from "@/lib/users";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await isSetUp()) notFound();
  return (
    <AuthCard title="Create the first admin" subtitle="This account will manage Gatehouse. You can add more accounts later.">
      <SetupForm />
    </AuthCard>
  );
}

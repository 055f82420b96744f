import Link from "next/link";
import { AuthCard } from "@/components/ui/card";

export default function NotFound() {
  return (
    <AuthCard title="Page not found" subtitle="There is nothing at this address.">
      <Link href="/" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        Go to the start page
      </Link>
    </AuthCard>
  );
}

import { vi } from "vitest";

/** What lib/log.ts writes meanwhile (one JSON object per line), kept off the test output; `restore()` ends it. */
export function captureLog() {
  const entries: Record<string, unknown>[] = [];
  const original = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    const text = String(chunk);
    if (!text.startsWith('{"level":')) return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    for (const line of text.split("\n").filter(Boolean)) entries.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  }) as typeof process.stdout.write);
  return { entries, restore: () => spy.mockRestore() };
}

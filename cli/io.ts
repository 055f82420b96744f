import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** A refusal the CLI prints as one line before exiting non-zero. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function out(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** Rows as aligned columns, with a header. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  out(line(header));
  for (const row of rows) out(line(row));
}

export async function readStdin(limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new CliError("Input on stdin is too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks a question on the terminal; with `secret`, typed characters are not echoed. */
export async function prompt(question: string, { secret = false } = {}): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError(`${question.replace(/:\s*$/, "")} is needed: run interactively or pass it as an option.`);
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = new Promise<string>((resolve) => rl.question(question, resolve));
    muted = secret;
    return await answer;
  } finally {
    rl.close();
    if (secret) process.stdout.write("\n");
  }
}

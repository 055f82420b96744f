/**
 * The largest request body Gatehouse takes: scripts/serve.ts refuses a larger
 * one with 413 before Next reads it (a 1 MB form field still gets through to
 * validation and a clear message). Pure value, shared with next.config.ts.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024;

import { errorResponse } from "@/lib/errors";

/**
 * Any path under /api/ that no route answers: a JSON 404 for every method.
 * Without it Next renders its HTML not-found page, and a multipart POST to a
 * page is decoded as a server-action form first — so a broken body sent to
 * /api/nothing was a 500 (the proxy, which refuses those bodies, does not run
 * on /api/). API clients get the API's error shape either way.
 */
const notFound = () => errorResponse("not_found", { message: "No API route at this address." });

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;

import { createUser } from "./gatehouse";

// The main instance gets its first admin from the CLI, as an operator would do it.
export default function globalSetup() {
  createUser({ admin: true });
}

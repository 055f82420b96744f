import "server-only";

/** A sign-in waiting in the line; `start` runs when its turn comes. */
export type Ticket = { readonly client: string; readonly start: () => void; waiting: boolean };

type Client = { places: number; lastTurn: number };

/**
 * The sign-in gate's line, bounded and fair between clients (address buckets).
 * A client holds a place from the moment it waits until release(): at most
 * `placesPerClient` at once, and at most `maxWaiting` wait in all. The next turn
 * goes to the waiting client served least recently (one never served first), so
 * a client that pipelines thousands gets one turn in each round like everyone
 * else. Pure bookkeeping: no I/O, no timers.
 */
export class SignInLine {
  /** Clients with sign-ins waiting, each with its own queue, in order of arrival. */
  readonly #queues = new Map<string, Ticket[]>();
  /** Clients holding places; forgotten when they hold none. */
  readonly #clients = new Map<string, Client>();
  #waiting = 0;
  #turns = 0;

  constructor(
    readonly placesPerClient: number,
    readonly maxWaiting: number,
  ) {}

  get waiting(): number {
    return this.#waiting;
  }

  hasRoomFor(client: string): boolean {
    return this.#waiting < this.maxWaiting && (this.#clients.get(client)?.places ?? 0) < this.placesPerClient;
  }

  /** A place taken and handled at once (nobody was waiting). */
  hold(client: string): void {
    const c = this.#client(client);
    c.places++;
    c.lastTurn = ++this.#turns;
  }

  /** A place taken to wait; the ticket's `start` runs at its turn (serveNext), unless dropped first. */
  wait(client: string, start: () => void): Ticket {
    this.#client(client).places++;
    const ticket: Ticket = { client, start, waiting: true };
    const queue = this.#queues.get(client);
    if (queue) queue.push(ticket);
    else this.#queues.set(client, [ticket]);
    this.#waiting++;
    return ticket;
  }

  /** A waiting sign-in leaves the line (its client hung up), giving its place back. */
  drop(ticket: Ticket): void {
    if (!ticket.waiting) return;
    const queue = this.#queues.get(ticket.client)!;
    queue.splice(queue.indexOf(ticket), 1);
    if (queue.length === 0) this.#queues.delete(ticket.client);
    this.#unwait(ticket);
    this.release(ticket.client);
  }

  /** A handled sign-in gives its place back. */
  release(client: string): void {
    const c = this.#clients.get(client);
    if (!c) return;
    if (--c.places <= 0) this.#clients.delete(client);
  }

  /** Starts the next sign-in — of the waiting client served least recently; false when nobody waits. */
  serveNext(): boolean {
    let next: string | undefined;
    for (const client of this.#queues.keys()) {
      if (next === undefined || this.#clients.get(client)!.lastTurn < this.#clients.get(next)!.lastTurn) next = client;
    }
    if (next === undefined) return false;
    const queue = this.#queues.get(next)!;
    const ticket = queue.shift()!;
    if (queue.length === 0) this.#queues.delete(next);
    this.#unwait(ticket);
    this.#clients.get(next)!.lastTurn = ++this.#turns;
    ticket.start();
    return true;
  }

  #unwait(ticket: Ticket): void {
    ticket.waiting = false;
    this.#waiting--;
  }

  #client(client: string): Client {
    let c = this.#clients.get(client);
    if (!c) this.#clients.set(client, (c = { places: 0, lastTurn: 0 }));
    return c;
  }
}

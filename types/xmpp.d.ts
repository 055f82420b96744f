// The parts of @xmpp/client (which ships no types) that Gatehouse uses.
declare module "@xmpp/client" {
  export interface Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: (Element | string)[];
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildText(name: string, xmlns?: string): string | null;
    getChildElements(): Element[];
    text(): string;
    toString(): string;
  }
  export function xml(name: string, attrs?: Record<string, string | undefined> | null, ...children: (Element | string)[]): Element;
  export interface Client {
    status: string;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: Element): Promise<void>;
    isSecure(): boolean;
    on(event: "stanza", listener: (stanza: Element) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    reconnect: { stop(): void };
    iqCaller: { request(element: Element, timeoutMs?: number): Promise<Element> };
  }
  export function client(options: { service: string; domain: string; username: string; password: string; resource?: string; timeout?: number }): Client;
}

declare module "@xmpp/xml" {
  import type { Element } from "@xmpp/client";
  import { EventEmitter } from "node:events";
  export class Parser extends EventEmitter {
    write(data: string): void;
  }
  export function xml(name: string, attrs?: Record<string, string | undefined> | null, ...children: (Element | string)[]): Element;
  export default xml;
}

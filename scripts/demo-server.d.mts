/** Types for scripts/demo-server.mjs, so TypeScript tests and benches can import it. */
import type { Server } from 'node:http';

export interface DemoServer {
  /** Where browsers reach the demo shop: `http://northwind.localhost:<port>` on a loopback address. */
  origin: string;
  /** The same pages at the server's own address (`http://127.0.0.1:<port>`): another site for Tact. */
  ipOrigin: string;
  server: Server;
  close(): Promise<void>;
}
export const STRICT_CSP: string;
export const DEMO_SHOP_HOST: string;
export const DEMO_PAGES: readonly string[];
export function startDemoServer(options?: { port?: number; host?: string }): Promise<DemoServer>;
export function expandIncludes(html: string, partials: Record<string, string>): string;
export function pageBody(file: string): Promise<Buffer>;

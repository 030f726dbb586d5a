/** Types for scripts/demo-server.mjs, so TypeScript tests and benches can import it. */
import type { Server } from 'node:http';

export interface DemoServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}
export const STRICT_CSP: string;
export const DEMO_PAGES: readonly string[];
export function startDemoServer(options?: { port?: number; host?: string }): Promise<DemoServer>;
export function expandIncludes(html: string, partials: Record<string, string>): string;
export function pageBody(file: string): Promise<Buffer>;

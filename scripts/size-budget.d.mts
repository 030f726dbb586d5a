/** Types for scripts/size-budget.mjs, so its unit test can import it. */
export interface FileSize {
  raw: number;
  gzip: number;
}
export type Sizes = Record<string, FileSize>;
export interface Budget {
  name: string;
  files: string[];
  maxGzip: number;
}
export interface BudgetResult {
  name: string;
  gzip: number;
  maxGzip: number;
  ok: boolean;
}
export const KB: number;
export const BUDGETS: Budget[];
export function gzipSize(bytes: Uint8Array | string): number;
export function measureDir(dir: string): Sizes;
export function checkBudgets(sizes: Sizes, budgets?: Budget[]): BudgetResult[];
export function formatSizes(byTarget: Record<string, Sizes>): string;
export function formatBudgets(results: BudgetResult[], target: string): string[];

/**
 * axe-core in a frame or an extension page. Extension pages (the overlay, options, popup) allow
 * only their own scripts ('self'), so axe cannot be added with a <script>: its source is evaluated
 * through the driver (Playwright's CDP, puppeteer's WebDriver BiDi), which the page's CSP does not
 * govern. If that ever stops working, `injectAxe` says so instead of letting a check pass empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './common.ts';
import type { TactFrame } from './types.ts';

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** CSS selectors of the offending nodes, with axe's summary of what is wrong. */
  nodes: { target: string; summary: string }[];
}

let source: string | undefined;

/** The text of `axe.min.js` from node_modules. */
function axeSource(): string {
  source ??= fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  return source;
}

/** Adds `window.axe` to the frame (once); throws if the frame's policy kept it out. */
async function injectAxe(frame: TactFrame): Promise<void> {
  const present = () => frame.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (await present()) return;
  // Both drivers evaluate a string as a script in the frame's main world.
  await (frame as unknown as { evaluate(script: string): Promise<unknown> }).evaluate(`${axeSource()}\n;void 0`);
  if (!(await present()))
    throw new Error(
      `axe-core could not be injected into ${frame.url()}: window.axe is missing after evaluating its source`,
    );
}

/**
 * Runs axe on the whole document of `frame` and returns its violations (every impact). `options`
 * are axe's run options (e.g. `{ runOnly: ['color-contrast'] }`).
 */
export async function runAxe(frame: TactFrame, options: Record<string, unknown> = {}): Promise<AxeViolation[]> {
  await injectAxe(frame);
  return frame.evaluate(async (runOptions) => {
    type Result = {
      id: string;
      impact: AxeViolation['impact'];
      help: string;
      nodes: { target: unknown[]; failureSummary?: string }[];
    };
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Result[] }> } }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations'], ...runOptions });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }));
  }, options);
}

/** Only the violations that fail the check: impact serious or critical. */
export function seriousOnly(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable list for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target} — ${n.summary}`).join('\n')}`)
    .join('\n');
}

/**
 * Tact on a website: the site build's entry (`dist/embed/tact-embed.js`), the only part loaded on
 * every page, so it stays small. It does nothing at all until the site signals the visitor's
 * consent (`data-consent="granted"` on its script tag, or `consent(true)`); then it loads the pack,
 * works out which detectors the rules for this URL need (the extension's `planFor`) and, only when
 * some rule applies, loads the detectors (the content script's own `detectors.ts`), then the
 * engine on the first signal (embed-session.ts) and the overlay on the first show.
 *
 *     <script type="module" src="https://cdn.example/tact-embed.js" data-pack="/tact-pack.json"
 *             data-consent="granted" data-analytics="dataLayer posthog"></script>
 * or  import { start, consent } from '…/tact-embed.js'; start({ pack }); consent(true);
 *
 * Requests: the pack (when given as a URL) and the embed's own chunks, nothing else; the events
 * go to the site's analytics objects on the page, and to a beacon URL only when the site sets one.
 */
import { planFor } from '../core/rules/arming.ts';
import type { QuietState, Signal } from '../core/signals/signal-model.ts';
import { isEmptyPlan } from '../core/signals/arming-plan.ts';
import type { Rule } from '../core/rules/rule-model.ts';
import { randomId } from '../shared/ids.ts';
import { destinationsIn, type AnalyticsDestination, type AnalyticsTargets } from './analytics-adapters.ts';
import { watchRoutes } from './spa-routes.ts';
import type { EmbedSession } from './embed-session.ts';
import type { Hold } from '../shared/protocol.ts';
import type { VisitorAction } from '../core/experiments/goal-evaluation.ts';
import type { PackCheck } from '../core/flows/flow-pack.ts';

/** What `start` takes. */
export interface EmbedOptions {
  /** The flow pack (as exported by the extension), or the URL of its JSON file. */
  pack: unknown;
  /** Where events go besides the `tact:event` CustomEvent on window (default: none). */
  analytics?: AnalyticsDestination[];
  /** A URL of the site's own that receives every event by `navigator.sendBeacon` (default: none). */
  beacon?: string;
  /** Days the visitor's record on this site keeps what happened (1–3650; default: the extension's, 180). */
  retentionDays?: number;
}

let options: EmbedOptions | undefined;
let consented = false;
/** The running page view's teardown (listeners, overlay); undefined while stopped. */
let running: AbortController | undefined;
/** The session of the current page view, or of the conversation that followed the visitor to it. */
let session: EmbedSession | undefined;

/**
 * Gives the embed its pack and settings; it starts as soon as consent is given (at once when it
 * already was). Calling it again restarts with the new options.
 */
export function start(o: EmbedOptions): void {
  options = o;
  if (consented) restart();
}

/**
 * The visitor's consent: `true` starts the embed (when `start` or the script tag gave a pack);
 * `false` stops it, removes any overlay and deletes what it stored on this site.
 */
export function consent(granted: boolean): void {
  consented = granted;
  if (granted) {
    restart();
    return;
  }
  stop();
  void import('./embed-store.ts').then((m) => m.forgetVisitor());
}

function stop(): void {
  running?.abort();
  running = undefined;
  session?.stop();
  session = undefined;
}

function restart(): void {
  stop();
  if (!options) return;
  const controller = (running = new AbortController());
  run(options, controller.signal).catch((error: unknown) => {
    if (!controller.signal.aborted) console.error(error instanceof Error ? error.message : error);
  });
}

async function loadPack(pack: unknown): Promise<unknown> {
  if (typeof pack !== 'string') return pack;
  // The embed's one request of its own: the pack the site named.
  // eslint-disable-next-line no-restricted-globals
  const response = await fetch(new URL(pack, location.href), { credentials: 'same-origin' }).catch((e: unknown) => {
    throw new Error(`Tact: the pack ${pack} could not be loaded (${String(e)}).`);
  });
  if (!response.ok) throw new Error(`Tact: the pack ${pack} could not be loaded (HTTP ${response.status}).`);
  // A site that answers every address with its home page sends HTML here: say so, not just "Unexpected token '<'".
  return response.json().catch((e: unknown) => {
    throw new Error(`Tact: the pack ${pack} is not JSON (${response.headers.get('content-type')}): ${String(e)}`);
  });
}

function rulesOf(pack: unknown): Rule[] {
  const rules = (pack as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new Error('Tact: the pack has no "rules" list.');
  return rules as Rule[];
}

/** Whether a pack's rules count page views for an A/B test's URL goal (checked whole where it counts). */
const countsPages = (rules: readonly Rule[]) => rules.some((r) => r.goals?.some((g) => g.kind === 'url'));

/** The selectors of a pack's A/B click goals (checked whole where they count). */
const clickGoalSelectors = (rules: readonly Rule[]) => [
  ...new Set(rules.flatMap((r) => r.goals?.flatMap((g) => (g.kind === 'click' ? [g.selector] : [])) ?? [])),
];

/**
 * The run's pack checked whole (the engine's check, with valibot: loaded with it, never on every
 * page), asked for where it counts: the first call checks, the run's later page views, goals and
 * signals reuse the answer, as the pack does not change within a run.
 */
type CheckedPack = () => Promise<PackCheck>;

/** Records a goal action in the visitor's record; the A/B part is loaded only when a goal may count. */
const recordAction = (pack: CheckedPack, action: VisitorAction, url: string, targets: AnalyticsTargets) =>
  void import('./embed-experiments.ts')
    .then(async (m) => m.recordSiteAction(await pack(), action, url, targets))
    .catch((error: unknown) => console.error(error instanceof Error ? error.message : error));

async function run(o: EmbedOptions, signal: AbortSignal): Promise<void> {
  const pack = await loadPack(o.pack);
  if (signal.aborted) return;
  const rules = rulesOf(pack);
  let checking: Promise<PackCheck> | undefined;
  const checked: CheckedPack = () => (checking ??= import('./embed-experiments.ts').then((m) => m.checkPack(pack)));
  const targets = { destinations: o.analytics ?? [], ...(o.beacon ? { beacon: o.beacon } : {}) };
  /** The current page view's listeners; a route change ends them and starts the next. */
  let view: AbortController | undefined;
  /** A conversation still open from an earlier route: it stays, as the extension's overlay does. */
  let following: EmbedSession | undefined;
  const begin = () => {
    view?.abort();
    const current = (view = new AbortController());
    signal.addEventListener('abort', () => current.abort(), { once: true, signal: current.signal });
    const before = session;
    if (before?.conversing()) following = before;
    else if (following && !following.conversing()) following = undefined;
    if (before !== following) before?.stop();
    session = following;
    pageView(o, checked, rules, targets, current.signal, following !== undefined).catch((error: unknown) => {
      if (!current.signal.aborted) console.error(error instanceof Error ? error.message : error);
    });
  };
  // A single-page app's route change is a new page view: URL conditions, goals and signals afresh.
  watchRoutes(signal, begin);
  begin();
}

/**
 * One page view (the document's, or a route's): counts it for URL goals, and arms the detectors
 * the rules for this URL need, unless a conversation from an earlier route is still open here
 * (the extension arms nothing while its overlay follows the visitor either).
 */
async function pageView(
  o: EmbedOptions,
  pack: CheckedPack,
  rules: Rule[],
  targets: AnalyticsTargets,
  signal: AbortSignal,
  conversing: boolean,
): Promise<void> {
  const startedAt = Date.now();
  const url = location.href;
  if (countsPages(rules)) recordAction(pack, { kind: 'page', at: startedAt, url }, url, targets);
  // Clicks on goal elements, as the extension's content script watches them: which goal, never what
  // the element says; each once per page view. Before the visitor's exposure a click counts nothing.
  const selectors = clickGoalSelectors(rules);
  if (selectors.length)
    void import('../content/goal-clicks.ts').then(({ watchGoalClicks }) =>
      watchGoalClicks(selectors, signal, (selector) =>
        recordAction(pack, { kind: 'click', at: Date.now(), selector }, location.href, targets),
      ),
    );
  if (conversing || signal.aborted) return;
  // The pack is checked whole by the engine before any decision; a malformed rule here only
  // means nothing is armed.
  const plan = planFor(url, rules);
  if (isEmptyPlan(plan)) return; // no rule for this page: no listener at all
  const { armDetectors } = await import('../content/detectors.ts');
  if (signal.aborted) return;
  const page = {
    url,
    startedAt,
    languages: navigator.languages?.length ? navigator.languages : [navigator.language || 'en'],
  };
  let opening: Promise<EmbedSession> | undefined;
  const onSignal = async (s: Signal, quiet: QuietState, held?: Hold) => {
    opening ??= import('./embed-session.ts').then(async (m) => m.openSession(await pack(), targets, page, o));
    const current = await opening;
    if (signal.aborted) {
      current.stop();
      return;
    }
    session = current;
    // The overlay looks again just before it appears, with what keeps the visitor busy then.
    if (await current.onSignal(s, quiet, () => busyNow(s.type), held)) detectors.abort(); // one conversation per page view
  };
  const detectors = new AbortController();
  signal.addEventListener('abort', () => detectors.abort(), { once: true });
  const busyNow = armDetectors(detectors.signal, plan, randomId(), (s, quiet, held) => {
    onSignal(s, quiet, held).catch((error: unknown) => console.error(error instanceof Error ? error.message : error));
  });
}

/** The script tag this module was loaded by, when it was loaded by one (module scripts have no currentScript). */
function ownScript(): HTMLScriptElement | undefined {
  return [...document.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')].find(
    (s) => s.src === import.meta.url,
  );
}

// Tells Tact's extension, if the visitor has it, that the page runs Tact itself: it steps aside
// (src/content/content.ts), so nobody sees two overlays. Not stored, sent or read by anyone else.
document.documentElement.setAttribute('data-tact-site', '');

const tag = ownScript();
const packUrl = tag?.dataset.pack;
if (packUrl) {
  options = {
    pack: packUrl,
    analytics: destinationsIn(tag.dataset.analytics),
    ...(tag.dataset.beacon ? { beacon: tag.dataset.beacon } : {}),
    ...(tag.dataset.retentionDays ? { retentionDays: Number(tag.dataset.retentionDays) } : {}),
  };
}
if (tag?.dataset.consent === 'granted') consent(true);

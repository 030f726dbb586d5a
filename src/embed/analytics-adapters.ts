/**
 * The embed's events, sent into the analytics the site already runs. Tact has no server: counting
 * thousands of visitors is the site's analytics engine's job. One event schema (`TactSiteEvent`,
 * documented in docs/embed.md) for every destination:
 * - `dataLayer`: Google Tag Manager / GA4, `dataLayer.push({ event, tact })`;
 * - `posthog`: `posthog.capture(event, properties)`;
 * - `segment`: Segment and RudderStack, `analytics.track(event, properties)`;
 * - `custom-event`: a `tact:event` CustomEvent on `window` (always on: the site's own code hears it);
 * - `beacon`: `navigator.sendBeacon` to an endpoint the site configured (and only then).
 * A destination that is missing on the page (no `posthog` object) is skipped silently.
 */

/** The destinations the embed can send to. */
const ANALYTICS_DESTINATIONS = ['dataLayer', 'posthog', 'segment'] as const;
export type AnalyticsDestination = (typeof ANALYTICS_DESTINATIONS)[number];

/** What happened, as event names in the site's analytics. */
type TactEventName =
  | 'tact_shown'
  | 'tact_opened'
  | 'tact_answered'
  | 'tact_completed'
  | 'tact_dismissed'
  /** An A/B rule fired for a visitor in its hold-out: nothing shown, but an exposure to count. */
  | 'tact_held_out'
  /** A visitor exposed to an A/B test reached one of its goals (its id in `answer`), once per goal. */
  | 'tact_goal';

/**
 * One event. Typed text is never sent: an input step's answer is its matched intent (or
 * `null`), so an email or a name a visitor types cannot end up in an analytics tool.
 */
export interface TactSiteEvent {
  event: TactEventName;
  /** Flow id; null for `tact_held_out` (the hold-out shows no flow) and `tact_goal`. */
  flow: string | null;
  /** Rule id. */
  rule: string;
  /** The A/B variant id the visitor is in, or null when the rule has no variants. */
  variant: string | null;
  /** The step (node id) the event is about; null for `tact_shown`. */
  step: string | null;
  /** The reply id, rating or intent chosen at `step`; the goal's id for `tact_goal`; null where there is none. */
  answer: string | null;
  /** The pseudonymous visitor id (random, kept in this site's storage, never linked to a person by Tact). */
  visitor: string;
  /** The page's path (no query string, no fragment). */
  page: string;
  /** ISO 8601 time. */
  at: string;
}

/** Where events go: the chosen destinations and an optional beacon endpoint. */
export interface AnalyticsTargets {
  destinations: readonly AnalyticsDestination[];
  beacon?: string;
}

interface SiteGlobals {
  dataLayer?: unknown[];
  posthog?: { capture?: (name: string, props: object) => void };
  analytics?: { track?: (name: string, props: object) => void };
}

/** Sends one event to every chosen destination; a destination that throws does not stop the others. */
export function sendSiteEvent(targets: AnalyticsTargets, e: TactSiteEvent): void {
  const site = window as unknown as SiteGlobals;
  const { event, ...properties } = e;
  const tries: (() => void)[] = [() => dispatchEvent(new CustomEvent('tact:event', { detail: { ...e } }))];
  for (const d of targets.destinations) {
    if (d === 'dataLayer') tries.push(() => (site.dataLayer ??= []).push({ event, tact: { ...properties } }));
    if (d === 'posthog') tries.push(() => site.posthog?.capture?.(event, { ...properties }));
    if (d === 'segment') tries.push(() => site.analytics?.track?.(event, { ...properties }));
  }
  if (targets.beacon) {
    const url = targets.beacon;
    // The only request the embed makes besides its pack and chunks, to the site's own endpoint.
    // eslint-disable-next-line no-restricted-properties
    tries.push(() => navigator.sendBeacon(url, JSON.stringify(e)));
  }
  for (const send of tries) {
    try {
      send();
    } catch (error) {
      console.warn('[tact] analytics destination failed', error);
    }
  }
}

/** Destinations named in a space- or comma-separated list (`data-analytics`); unknown names are dropped. */
export function destinationsIn(list: string | null | undefined): AnalyticsDestination[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .filter((n): n is AnalyticsDestination => (ANALYTICS_DESTINATIONS as readonly string[]).includes(n));
}

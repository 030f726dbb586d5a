/**
 * The options page's routes, read from and written to the URL fragment, so every view has an
 * address (back, forward, reload and links work) and the flow editor can be opened directly.
 *
 *   #flows                           flows and rules (the default)
 *   #flow/<id>                       the flow editor on a stored flow
 *   #flow/new?template=<templateId>  the flow editor on a new flow built from a template
 *   #rule/<id>                       the rule editor on a stored rule
 *   #rule/new?flow=<flowId>          the rule editor on a new rule for a flow
 *   #results[?flow=<flowId>]         results per flow
 *   #settings                        policy, sites, language, data, flow packs
 *   #welcome                         getting started (opened once, on install)
 */
export type Route =
  | { view: 'flows' }
  | { view: 'flow'; id: string }
  | { view: 'flow-new'; template: string }
  | { view: 'rule'; id: string }
  | { view: 'rule-new'; flowId: string }
  | { view: 'results'; flowId?: string }
  | { view: 'settings' }
  | { view: 'welcome' };

/** Reads a fragment (with or without its `#`); anything unknown is the default route. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const slash = path.indexOf('/');
  const head = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? '' : safeDecode(path.slice(slash + 1));
  switch (head) {
    case 'results': {
      const flowId = params.get('flow');
      return flowId ? { view: 'results', flowId } : { view: 'results' };
    }
    case 'settings':
      return { view: 'settings' };
    case 'welcome':
      return { view: 'welcome' };
    case 'flow':
      if (rest === 'new') return { view: 'flow-new', template: params.get('template') ?? '' };
      return rest ? { view: 'flow', id: rest } : { view: 'flows' };
    case 'rule':
      if (rest === 'new') return { view: 'rule-new', flowId: params.get('flow') ?? '' };
      return rest ? { view: 'rule', id: rest } : { view: 'flows' };
    default:
      return { view: 'flows' };
  }
}

/** The fragment for a route (with its `#`). */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'flows':
      return '#flows';
    case 'results':
      return route.flowId ? `#results?flow=${encodeURIComponent(route.flowId)}` : '#results';
    case 'settings':
      return '#settings';
    case 'welcome':
      return '#welcome';
    case 'flow':
      return `#flow/${encodeURIComponent(route.id)}`;
    case 'flow-new':
      return `#flow/new?template=${encodeURIComponent(route.template)}`;
    case 'rule':
      return `#rule/${encodeURIComponent(route.id)}`;
    case 'rule-new':
      return `#rule/new?flow=${encodeURIComponent(route.flowId)}`;
  }
}

/** The navigation section a route belongs to (for `aria-current`). */
export function routeSection(route: Route): 'flows' | 'results' | 'settings' | 'welcome' {
  if (route.view === 'results' || route.view === 'settings' || route.view === 'welcome') return route.view;
  return 'flows';
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

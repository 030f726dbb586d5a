/**
 * Page context, read for a page view's first `page/signal` or a `page/context` request (never at
 * load: the element interfaces, NodeLists and `matchMedia` it is the first to touch in the content
 * script's world cost ~2 ms of script there, `bench:content`): reads what the page says about itself from the DOM as plain facts
 * (title, language, referrer, meta tags, JSON-LD, product microdata, viewport, touch) and extracts
 * it with the pure `core/signals/page-context-extraction.ts`. Only the first few JSON-LD blocks and microdata
 * items are read, so a huge page costs little. The URL travels in `page/hello`.
 */
import type { PageContext } from '../core/signals/signal-model.ts';
import { extractPageContext } from '../core/signals/page-context-extraction.ts';

export function collectPageContext(): PageContext {
  const all = (selector: string) => [...document.querySelectorAll(selector)];
  const { url, path, ...context } = extractPageContext({
    href: location.href,
    title: document.title,
    lang: document.documentElement.lang,
    referrer: document.referrer,
    metas: all('meta[name],meta[property]').map(
      (m) => [m.getAttribute('property') ?? m.getAttribute('name') ?? '', m.getAttribute('content') ?? ''] as const,
    ),
    jsonLd: all('script[type="application/ld+json"]')
      .slice(0, 10)
      .map((s) => s.textContent ?? ''),
    itemprops: all('[itemtype$="/Product"] :is([itemprop=name],[itemprop=price],[itemprop=priceCurrency])')
      .slice(0, 10)
      .map((e) => [e.getAttribute('itemprop')!, e.getAttribute('content') ?? e.textContent ?? ''] as const),
    viewport: { width: innerWidth, height: innerHeight },
    touch: matchMedia('(pointer: coarse)').matches,
  });
  return context;
}

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  countMatches,
  escapeIdent,
  escapeValue,
  isStateName,
  looksGenerated,
  pathMatches,
  robustSelector,
  robustSelectorPath,
  type SelectorElement,
} from './selector.ts';

interface Node extends SelectorElement {
  parent: Node | null;
  children: Node[];
}

/** A tiny element tree: h('div', { id: 'x', class: 'a b' }, ...children). */
function h(tag: string, attrs: Record<string, string> = {}, ...children: Node[]): Node {
  const node: Node = {
    tag,
    id: attrs.id ?? '',
    classes: (attrs.class ?? '').split(/\s+/).filter(Boolean),
    attrNames: Object.keys(attrs),
    attr: (name) => (Object.hasOwn(attrs, name) ? attrs[name]! : null),
    parent: null,
    children,
  };
  for (const c of children) c.parent = node;
  return node;
}

/** Builds a document and returns it with the element marked `data-pick`. */
function doc(body: Node): { root: Node; target: Node } {
  const root = h('html', {}, h('head'), body);
  const find = (n: Node): Node | undefined => (n.attr('data-pick') !== null ? n : n.children.map(find).find(Boolean));
  return { root, target: find(root)! };
}

/** The generated selector must match exactly the target. */
function pick(body: Node): string {
  const { root, target } = doc(body);
  const sel = robustSelector(target, root);
  return sel;
}

describe('robustSelector', () => {
  test('a stable id wins', () => {
    assert.equal(
      pick(h('body', {}, h('main', {}, h('button', { id: 'buy-now', class: 'btn primary', 'data-pick': '' })))),
      '#buy-now',
    );
  });

  test('a generated id is skipped for a test attribute', () => {
    const body = h(
      'body',
      {},
      h('div', {}, h('button', { id: ':r1:', 'data-testid': 'add-to-cart', 'data-pick': '' })),
      h('button', { id: 'ember482' }),
    );
    assert.equal(pick(body), '[data-testid="add-to-cart"]');
  });

  test('stable classes, generated ones ignored (styled-components, CSS modules hashes)', () => {
    const body = h(
      'body',
      {},
      h('div', { class: 'price-box sc-bdVaJa' }, h('span', { class: 'css-1q2w3e price', 'data-pick': '' })),
      h('span', { class: 'label' }),
    );
    assert.equal(pick(body), 'span.price');
  });

  test('two classes together when each alone is shared', () => {
    const body = h(
      'body',
      {},
      h('a', { class: 'btn primary', 'data-pick': '' }),
      h('a', { class: 'btn' }),
      h('a', { class: 'primary' }),
    );
    assert.equal(pick(body), 'a.btn.primary');
  });

  test('product cards repeated: anchored under the card that has an id', () => {
    const card = (id: string, pick = false) =>
      h(
        'article',
        { id, class: 'card' },
        h('h2', {}),
        h('span', { class: 'price', ...(pick ? { 'data-pick': '' } : {}) }),
      );
    const body = h('body', {}, h('section', {}, card('trail-pack-28'), card('city-pack-18', true), card('summit-40')));
    assert.equal(pick(body), '#city-pack-18 > span.price');
  });

  test('no usable names at all: an nth-of-type path from the nearest identified ancestor', () => {
    const body = h(
      'body',
      {},
      h('ul', { id: 'menu' }, h('li', {}, h('a')), h('li', {}, h('a', { 'data-pick': '' })), h('li', {}, h('a'))),
    );
    assert.equal(pick(body), '#menu > li:nth-of-type(2) > a');
  });

  test('nothing identified up the tree: a positional path from body', () => {
    const body = h(
      'body',
      {},
      h('div', {}, h('p'), h('div', {}, h('span', {}), h('span', { 'data-pick': '' }))),
      h('div', {}, h('span')),
    );
    const { root, target } = doc(body);
    assert.equal(robustSelector(target, root), 'body > div > div > span:nth-of-type(2)'); // div > div says which div
    assert.equal(countMatches(root, robustSelectorPath(target, root), 5), 1);
  });

  test('a form field by its name', () => {
    const body = h(
      'body',
      {},
      h('form', {}, h('input', { name: 'email', type: 'email', 'data-pick': '' }), h('input', { name: 'zip' })),
    );
    assert.equal(pick(body), 'input[name="email"]');
  });

  test('every generated selector matches exactly one element (recorded shop page shape)', () => {
    const product = (i: number) =>
      h(
        'li',
        { class: 'product-card', 'data-sku': `SKU${i}` },
        h('img', {}),
        h('h3', { class: 'title' }),
        h('span', { class: 'price' }),
        h('button', { class: 'btn add' }),
      );
    const body = h(
      'body',
      {},
      h('header', { class: 'site-header' }, h('nav', {}, h('a', { href: '/' }), h('a', { href: '/shop' }))),
      h('main', {}, h('ul', { class: 'grid' }, product(1), product(2), product(3))),
      h('footer', {}, h('p')),
    );
    const root = h('html', {}, h('head'), body);
    const all: Node[] = [];
    const collect = (n: Node): void => {
      all.push(n);
      n.children.forEach(collect);
    };
    collect(body);
    for (const el of all) {
      const path = robustSelectorPath(el, root);
      assert.ok(pathMatches(path, el), `matches its element: ${robustSelector(el, root)}`);
      assert.equal(countMatches(root, path, 5), 1, `unique: ${robustSelector(el, root)}`);
    }
  });

  test('a CSS-in-JS page (every class and id generated): a path from the nearest landmark with a stable name', () => {
    const body = h(
      'body',
      {},
      h(
        'div',
        { id: 'root' },
        h(
          'div',
          { class: 'css-1x2y3z3 sc-AxjAm' },
          h('nav', { 'aria-label': 'Main' }),
          h(
            'div',
            { class: 'css-9k8j7h6' },
            h('button', { class: 'css-0a1b2c3' }),
            h('button', { class: 'css-0a1b2c3', 'data-pick': '' }),
          ),
        ),
      ),
    );
    const { root, target } = doc(body);
    const path = robustSelectorPath(target, root);
    assert.equal(robustSelector(target, root), '#root > div > div > button:nth-of-type(2)');
    assert.equal(countMatches(root, path, 5), 1);
  });

  // Shapes recorded on saved news, blog and shop pages (mozilla/readability's test pages), trimmed.

  test('a nav link by where it goes, not by its position (breitbart: #HPSWUL > li:nth-of-type(7) > a)', () => {
    const item = (href: string, pick = false) =>
      h('li', {}, h('a', { href, ...(pick ? { 'data-pick': '' } : {}) }, h('img', { class: 'qazy' })));
    const body = h(
      'body',
      {},
      h('ul', { id: 'HPSWUL' }, item('/politics/'), item('/tech/', true), item('/video/')),
      h('footer', {}, h('a', { href: '/about-us/' })),
    );
    assert.equal(pick(body), 'a[href="/tech/"]');
  });

  test('the same link in the header and the footer: under the part that names it', () => {
    const body = h(
      'body',
      {},
      h('nav', { id: 'fm0' }, h('li', {}, h('a', { href: '/video/', 'data-pick': '' }))),
      h('footer', { id: 'fm2' }, h('li', {}, h('a', { href: '/video/' }))),
    );
    assert.equal(pick(body), '#fm0 a[href="/video/"]');
  });

  test('a link with a query string or a script is not named by it (tracking and session ids live there)', () => {
    const body = h(
      'body',
      {},
      h(
        'ul',
        { id: 'share' },
        h('li', {}, h('a', { href: '/share?utm_source=x&sid=81d2' })),
        h('li', {}, h('a', { href: 'javascript:void(0)', 'data-pick': '' })),
      ),
    );
    assert.equal(pick(body), '#share > li:nth-of-type(2) > a');
  });

  test('state classes are never used (simplyfound carousel `item active`, yahoo `Disabled`)', () => {
    const carousel = h(
      'body',
      {},
      h(
        'div',
        { id: 'carousel' },
        h('div', { class: 'item active' }, h('img', { class: 'bottom-aligned', 'data-pick': '' })),
        h('div', { class: 'item' }, h('img', { class: 'bottom-aligned' })),
      ),
    );
    assert.equal(pick(carousel), '#carousel > div:nth-of-type(1) > img.bottom-aligned');
    const buttons = h(
      'body',
      {},
      h('button', { class: 'market-summary-button P(0) Disabled', title: 'previous', 'data-pick': '' }),
      h('button', { class: 'market-summary-button P(0)', title: 'next' }),
    );
    assert.equal(pick(buttons), 'button[title="previous"]');
  });

  test('analytics and framework attributes are never used (gitlab: data-ga-name, data-v-52cd803a)', () => {
    const body = h(
      'body',
      {},
      h(
        'header',
        {},
        h('a', {
          href: '/blog/',
          'data-ga-location': 'resources',
          'data-ga-name': 'View all blog posts',
          class: 'slp-btn header-cta slp-btn-tertiary',
          'data-v-52cd803a': '',
          'data-pick': '',
        }),
        h('a', { href: '/blog/', 'data-ga-name': 'blog', class: 'slp-btn' }),
      ),
    );
    assert.equal(pick(body), 'a.header-cta');
  });

  test('a data attribute that is an analytics tag or a state flag is skipped (aktualne: data-evt-*, nytimes: ="true")', () => {
    const body = h(
      'body',
      {},
      h('nav', {
        class: 'menu__primary',
        'data-evt-active': 'true',
        'data-evt-category': 'menu-categories',
        'data-pick': '',
      }),
      h('aside', { 'data-truncate-enabled': 'true' }),
      h('nav', { class: 'menu__secondary', 'data-evt-category': 'menu-more' }),
    );
    assert.equal(pick(body), 'nav.menu__primary');
  });

  test('generated names are skipped: a form named after a record (ao3), a hash id (medium), styled-components classes', () => {
    const ao3 = h(
      'body',
      {},
      h('form', { id: 'comment_for_26640231', class: 'new_comment', name: 'comment_for_26640231', 'data-pick': '' }),
    );
    assert.equal(pick(ao3), 'form.new_comment');
    const medium = h(
      'body',
      {},
      h('h3', { id: 'e2f0', name: 'e2f0', class: 'graf--h3', 'data-pick': '' }),
      h('h3', { class: 'graf--h3' }),
    );
    assert.equal(pick(medium), 'body > h3:nth-of-type(1)');
    const styled = h(
      'body',
      {},
      h('nav', { class: 'dfwuc8-1 cFfYvh' }, h('a', { href: '/' })),
      h('nav', { class: 'dfwuc8-1 hebJFs', 'data-pick': '' }, h('a', { href: '/c/podcast' })),
    );
    assert.equal(pick(styled), 'nav:has(> a[href="/c/podcast"])'); // named by its link, not its hashes
  });

  test('a test attribute whose value is a record number is not a name', () => {
    const body = h(
      'body',
      {},
      h(
        'ul',
        { id: 'cart' },
        h('li', { 'data-testid': '48213' }),
        h('li', { 'data-testid': '48214', 'data-pick': '' }),
      ),
    );
    assert.equal(pick(body), '#cart > li:nth-of-type(2)');
  });

  test('deep pages without ids: a short path from the nearest named step, not a path from the root', () => {
    // links-in-tables / yahoo shape: twenty unnamed wrappers above a table inside a named box.
    let inner = h(
      'div',
      { class: 'post-body' },
      h(
        'div',
        {},
        h(
          'div',
          {},
          h(
            'table',
            {},
            h(
              'tbody',
              {},
              h('tr', {}, h('td', {}, h('a', {}))),
              h('tr', {}, h('td', {}, h('a', {})), h('td', {}, h('div', {}, h('a', { 'data-pick': '' })))),
            ),
          ),
        ),
      ),
      h('p'),
    );
    for (let i = 0; i < 20; i++) inner = h('div', {}, h('div'), inner);
    const { root, target } = doc(h('body', {}, inner, h('div', {}, h('table'))));
    const path = robustSelectorPath(target, root);
    assert.equal(
      robustSelector(target, root),
      'div.post-body div > a', // positions and plain wrappers dropped: only one cell has a div
    );
    assert.equal(countMatches(root, path, 5), 1);
  });

  test('a test attribute above the element is kept in the path; plain wrappers are only their tag (guardian cards)', () => {
    const card = (pick = false) =>
      h(
        'li',
        {},
        h(
          'div',
          { 'data-test-id': 'facia-card' },
          h(
            'div',
            { class: 'fc-item__container' },
            h('h3', { class: 'fc-item__title', ...(pick ? { 'data-pick': '' } : {}) }),
          ),
        ),
      );
    const body = h('body', {}, h('section', { id: 'more' }, h('ul', {}, card(), card(true))), h('ul', {}, card()));
    assert.equal(pick(body), '#more > ul > li:nth-of-type(2) > [data-test-id="facia-card"] > div > h3.fc-item__title');
  });

  // Pages we did not write (mozilla/readability's saved pages): what stays stable when the site changes.

  test('a link with a tracking query: its address without the query, not a position', () => {
    const body = h(
      'body',
      {},
      h(
        'ul',
        {},
        h('li', {}, h('a', { href: '/shop/boots?utm_source=mail&sid=81d2e', 'data-pick': '' })),
        h('li', {}, h('a', { href: '/shop/packs?utm_source=mail&sid=81d2e' })),
      ),
    );
    assert.equal(pick(body), 'a[href^="/shop/boots?"]');
  });

  test('a long address: the end of its path, whole segments (nytimes, breitbart story links)', () => {
    const long = (slug: string) =>
      `https://www.example-news.com/2016/11/20/politics/${slug}-and-what-it-means-for-the-coming-season.html`;
    const body = h(
      'body',
      {},
      h('a', { href: long('senate-votes'), 'data-pick': '' }),
      h('a', { href: long('house-votes') }),
    );
    assert.equal(pick(body), 'a[href$="/politics/senate-votes-and-what-it-means-for-the-coming-season.html"]');
  });

  test('an image by its alt, else by its file name; hashed file names are not names', () => {
    const gallery = (...imgs: Node[]) => h('body', {}, h('div', {}, ...imgs.map((i) => h('figure', {}, i))));
    assert.equal(
      pick(
        gallery(
          h('img', { src: '/a.jpg', alt: 'Red boot', 'data-pick': '' }),
          h('img', { src: '/b.jpg', alt: 'Blue boot' }),
        ),
      ),
      'img[alt="Red boot"]',
    );
    assert.equal(
      pick(
        gallery(
          h('img', { src: '/media/red-boot.jpg?w=800', 'data-pick': '' }),
          h('img', { src: '/media/blue-boot.jpg?w=800' }),
        ),
      ),
      'img[src*="/red-boot.jpg"]',
    );
    assert.equal(
      pick(
        gallery(h('img', { src: '/i/a8f3e2c1d9.jpg' }), h('img', { 'data-src': '/i/trail-map.png', 'data-pick': '' })),
      ),
      'img[data-src$="/trail-map.png"]',
    );
    assert.equal(
      pick(gallery(h('img', { src: '/i/a8f3e2c1d9.jpg', 'data-pick': '' }), h('img', { src: '/i/b7e4f1a0c3.jpg' }))),
      'body > div > figure:nth-of-type(1) > img', // nothing stable: a position
    );
  });

  test('a heading named by its child: an anchor with an id (wikipedia), a story link (news fronts)', () => {
    const wiki = h(
      'body',
      {},
      h(
        'div',
        { class: 'content' },
        h('h3', {}, h('span', { id: 'History' })),
        h('h3', { 'data-pick': '' }, h('span', { id: 'Economy' })),
      ),
    );
    assert.equal(pick(wiki), 'h3:has(> #Economy)');
    const front = h(
      'body',
      {},
      h('article', {}, h('h2', { class: 'story-heading', 'data-pick': '' }, h('a', { href: '/2016/elections.html' }))),
      h('article', {}, h('h2', { class: 'story-heading' }, h('a', { href: '/2016/markets.html' }))),
    );
    assert.equal(pick(front), 'h2:has(> a[href="/2016/elections.html"])');
  });

  test('the same link in the header and the footer, no ids: under the landmark that holds it', () => {
    const body = h(
      'body',
      {},
      h('header', {}, h('ul', {}, h('li', {}, h('a', { href: '/about/' })))),
      h('footer', {}, h('ul', {}, h('li', {}, h('a', { href: '/about/', 'data-pick': '' })))),
    );
    assert.equal(pick(body), 'footer a[href="/about/"]');
  });

  test('a link title names it when its address is shared (wikipedia: title="Tokelau")', () => {
    const body = h(
      'body',
      {},
      h('p', {}, h('a', { href: '/wiki/Tokelau', title: 'Tokelau', 'data-pick': '' })),
      h('p', {}, h('a', { href: '/wiki/Niue', title: 'Niue' })),
      h('p', {}, h('a', { href: '/wiki/Tokelau' })),
    );
    assert.equal(pick(body), 'a[title="Tokelau"]');
  });

  test('escapes identifiers', () => {
    assert.equal(escapeIdent('a.b'), 'a\\.b');
    assert.equal(escapeIdent('1a'), '\\31 a');
  });
});

/** A CSS identifier as the CSS tokenizer reads it (escapes included), and what it decodes to. */
const ESCAPE = String.raw`\\(?:[0-9a-fA-F]{1,6}[ \t\n]?|[^\n\r\f0-9a-fA-F])`;
const IDENT = new RegExp(
  `^(?:--|-?(?:[a-zA-Z_\\u0080-\\uFFFF]|${ESCAPE}))(?:[a-zA-Z0-9_\\-\\u0080-\\uFFFF]|${ESCAPE})*$`,
);
const decode = (escaped: string) =>
  escaped.replace(new RegExp(ESCAPE, 'g'), (e) =>
    /^\\[0-9a-fA-F]/.test(e) ? String.fromCodePoint(parseInt(e.slice(1).trim(), 16)) : e.slice(1),
  );

describe('escaping (what CSS.escape does, so the selector is valid CSS on any page)', () => {
  test('any id or class is a valid identifier that reads back as itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }), (name) => {
        const escaped = escapeIdent(name);
        assert.match(escaped, IDENT, JSON.stringify(name));
        assert.equal(decode(escaped), name.replaceAll('\0', '\uFFFD'));
      }),
    );
    for (const [name, escaped] of [
      ['-1a', '-\\31 a'],
      ['-', '\\-'],
      ['a b', 'a\\ b'],
      ['x\n', 'x\\a '],
    ] as const)
      assert.equal(escapeIdent(name), escaped);
  });

  test('any attribute value stays inside its quotes and reads back as itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 16, unit: 'binary' }), (value) => {
        const escaped = escapeValue(value);
        assert.doesNotMatch(escaped, /[\n\r\f]|(^|[^\\])(\\\\)*"/, JSON.stringify(value));
        assert.equal(decode(escaped), value.replaceAll('\0', '\uFFFD'));
      }),
    );
  });

  test('any page texts in alt, href and ids: the selector matches exactly the picked element', () => {
    const text = fc.constantFrom('Red boot', 'a"b', 'x\\y', '1st', '-2', '/shop/boots', '/shop/boots?utm=1', '', 'é ü');
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: text, alt: text, href: text, title: text }), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        (cards, n) => {
          const items = cards.map((c, i) =>
            h(
              'li',
              c.id ? { id: c.id } : {},
              h(
                'a',
                { href: c.href, title: c.title, ...(i === n % cards.length ? { 'data-pick': '' } : {}) },
                h('img', { alt: c.alt }),
              ),
            ),
          );
          const { root, target } = doc(h('body', {}, h('ul', {}, ...items)));
          for (const el of [target, target.children[0]!]) {
            const path = robustSelectorPath(el, root);
            assert.ok(pathMatches(path, el), robustSelector(el, root));
            assert.equal(countMatches(root, path, 5), 1, robustSelector(el, root));
          }
        },
      ),
    );
  });
});

describe('looksGenerated', () => {
  test('generated-looking names', () => {
    for (const n of [
      'css-1q2w3e',
      'sc-bdVaJa',
      ':r1:',
      'ember123',
      'a1b2c3',
      'jsx-2893710',
      '1col',
      'x'.repeat(41),
      'Button_root__3xYz9',
      'e2f0',
      'cFfYvh',
      'bdVaJa',
      'fVpzWD',
    ])
      assert.ok(looksGenerated(n), n);
  });
  test('names people write', () => {
    for (const n of [
      'buy-now',
      'price',
      'btn-primary',
      'product_card',
      'buyNowButton',
      'h2',
      'col-6',
      'mt-4',
      'addToCart',
      'HPSWUL',
      'ArticleText',
      'fbShare',
      'cafe',
    ])
      assert.ok(!looksGenerated(n), n);
  });
});

describe('isStateName', () => {
  test('states', () => {
    for (const n of [
      'active',
      'is-active',
      'Disabled',
      'open',
      'has-focus',
      'isOpen',
      'nav__link--selected',
      'menu--open',
      'current-menu-item',
      'current_page_item',
      'tab-active',
    ])
      assert.ok(isStateName(n), n);
  });
  test('what things are', () => {
    for (const n of [
      'btn',
      'open-menu',
      'hidden-xs',
      'show-more',
      'menu-item-has-children',
      'activity',
      'price',
      'visibility-toggle',
    ])
      assert.ok(!isStateName(n), n);
  });
});

describe('countMatches', () => {
  test('counts descendant and child paths', () => {
    const root = h('html', {}, h('body', {}, h('div', { class: 'a' }, h('p'), h('p')), h('p')));
    assert.equal(countMatches(root, [{ compound: { tag: 'p' }, child: false }], 10), 3);
    assert.equal(
      countMatches(
        root,
        [
          { compound: { tag: 'div', classes: ['a'] }, child: false },
          { compound: { tag: 'p' }, child: true },
        ],
        10,
      ),
      2,
    );
    assert.equal(
      countMatches(
        root,
        [
          { compound: { tag: 'body' }, child: false },
          { compound: { tag: 'p', nthOfType: 1 }, child: true },
        ],
        10,
      ),
      1,
    );
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  countMatches,
  escapeIdent,
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
    assert.equal(robustSelector(target, root), 'body > div:nth-of-type(1) > div > span:nth-of-type(2)');
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

  test('escapes identifiers', () => {
    assert.equal(escapeIdent('a.b'), 'a\\.b');
    assert.equal(escapeIdent('1a'), '\\31 a');
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
    ])
      assert.ok(!looksGenerated(n), n);
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

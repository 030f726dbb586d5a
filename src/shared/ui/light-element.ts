/**
 * The little of LitElement the overlay's conversation uses, on lit-html alone: properties that
 * re-render when set (once per microtask, whatever was set), `render()` into the element's own
 * children (light DOM), and `updated(changed)` after each render with the changed properties'
 * previous values. LitElement and its reactive-element base weigh ~2.5 KB gzip of the overlay's
 * 12 KB budget (`scripts/size-budget.mjs`), which the first bubble the content script paints
 * needs (ARCHITECTURE.md, "The first bubble"); options and popup pages keep LitElement.
 */
import { render, type RenderOptions } from 'lit/html.js';

/** The properties that changed in an update, with their values before it (as LitElement's `PropertyValues`). */
export type ChangedProperties = ReadonlyMap<PropertyKey, unknown>;

export abstract class LightElement extends HTMLElement {
  private readonly values = new Map<PropertyKey, unknown>();
  private changed = new Map<PropertyKey, unknown>();
  private queued = false;
  private readonly renderOptions: RenderOptions = { host: this };

  /**
   * Makes `names` reactive on `element`'s prototype: setting one to a new value (`!==`, NaN
   * equal to itself) schedules an update. Their values live in the instance's `values`.
   */
  static reactive<T extends LightElement>(element: abstract new () => T, names: readonly (keyof T & string)[]): void {
    for (const name of names)
      Object.defineProperty(element.prototype, name, {
        get(this: LightElement) {
          return this.values.get(name);
        },
        set(this: LightElement, value: unknown) {
          const old = this.values.get(name);
          if (old === value || (Number.isNaN(old) && Number.isNaN(value))) return;
          this.values.set(name, value);
          this.requestUpdate(name, old);
        },
      });
  }

  /** Schedules an update in a microtask; `name` changed from `old`. */
  protected requestUpdate(name?: PropertyKey, old?: unknown): void {
    if (name !== undefined && !this.changed.has(name)) this.changed.set(name, old);
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => this.update());
  }

  private update(): void {
    this.queued = false;
    if (!this.isConnected) return; // again when connected, with what changed meanwhile
    const changed = this.changed;
    this.changed = new Map();
    render(this.render(), this, this.renderOptions);
    this.updated(changed);
  }

  connectedCallback(): void {
    this.requestUpdate();
  }

  disconnectedCallback(): void {}

  /** What the element shows (lit-html), rendered as its children. */
  protected abstract render(): unknown;

  /** After each render, with the properties that changed and their previous values. */
  protected updated(_changed: ChangedProperties): void {}
}

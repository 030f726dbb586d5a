/**
 * The one surface journeys use, whatever the browser. Chromium is driven by Playwright, Firefox by
 * puppeteer-core over WebDriver BiDi; their differences stay inside `chromium.ts` and
 * `firefox.ts`, so every journey runs unchanged in both.
 */
export type BrowserKind = 'chromium' | 'firefox';

/** The media preferences a journey can emulate (`TactPage.emulateMedia`). */
export interface MediaFeatures {
  colorScheme: 'light' | 'dark';
  reducedMotion: 'reduce' | 'no-preference';
}

export interface TactFrame {
  /** Runs `fn` in the frame's document. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** A real mouse click on the first element matching `selector` (waits for it). */
  click(selector: string): Promise<void>;
  /** Waits until `selector` matches an element in the frame. */
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  url(): string;
  /** Sets the file of an `<input type=file>` as the visitor would pick it. */
  uploadFile(selector: string, filePath: string): Promise<void>;
}

export interface TactPage extends TactFrame {
  goto(url: string): Promise<void>;
  /** Makes this the visible, active tab (hidden tabs get no animation frames, hence no signals). */
  bringToFront(): Promise<void>;
  reload(): Promise<void>;
  /** Polls `fn` in the page until it returns a truthy value, and returns that value. */
  waitForFunction<R, A = undefined>(fn: (arg: A) => R, arg?: A, timeoutMs?: number): Promise<R>;
  mouseMove(x: number, y: number, steps?: number): Promise<void>;
  /**
   * Moves the pointer out of the viewport to (x, y), outside it, with real input, and waits until
   * the page has seen it leave (nothing is hovered any more).
   */
  leaveViewport(x: number, y: number): Promise<void>;
  wheel(deltaY: number): Promise<void>;
  press(key: string): Promise<void>;
  /** Holds `key` down (real input) until `keyUp`: what a press does between its two halves. */
  keyDown(key: string): Promise<void>;
  keyUp(key: string): Promise<void>;
  type(text: string): Promise<void>;
  /** The overlay frame (an extension page inside the closed shadow root), once it has content. */
  overlay(timeoutMs?: number): Promise<TactFrame>;
  /** The overlay frame if one exists now. */
  overlayNow(): Promise<TactFrame | null>;
  /**
   * What Tact draws now in its closed layers on the page (the picker's outline, hover label and
   * note): each shown element of each closed shadow root on a child of `<html>`, with its text and
   * viewport box. Read through the driver (CDP, WebDriver BiDi), which sees into closed shadow
   * roots; the page cannot.
   */
  tactLayer(): Promise<TactLayer>;
  screenshot(path: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  /**
   * Emulates the visitor's media preferences for this tab's pages from now on; absent where the
   * driver cannot (Firefox over WebDriver BiDi has no media emulation).
   */
  emulateMedia?(media: MediaFeatures): Promise<void>;
  close(): Promise<void>;
  /** Whether the tab was closed (by the test, or by the page itself). */
  isClosed(): boolean;
}

/** `TactPage.tactLayer`'s answer: the viewport's size and the boxes shown in Tact's closed layers. */
export interface TactLayer {
  viewport: { width: number; height: number };
  boxes: { text: string; left: number; top: number; right: number; bottom: number }[];
}

export interface LaunchOptions {
  /** Firefox: suspend the idle background after this many ms (for restart journeys). */
  backgroundIdleMs?: number;
  /**
   * Keep the welcome view the install opened (`TactBrowser.welcome`). By default the launch waits
   * for it and closes it, so a journey starts without a tab of Tact's own in the way.
   */
  keepWelcome?: boolean;
  /**
   * A browser as a website's visitor has it, without Tact's extension (the site build's journeys):
   * `extensionBase` is empty and extension pages cannot be opened.
   */
  withoutExtension?: boolean;
  /**
   * The browser's language, as a visitor set it ("fr"): Chromium's `--lang` and page locale,
   * Firefox's `intl.accept_languages` and `intl.locale.requested`. `navigator.language` says it
   * on pages and in the background. English when absent.
   */
  language?: string;
}

export interface TactBrowser {
  readonly kind: BrowserKind;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  readonly extensionBase: string;
  /**
   * Whether two tabs can take real input at the same moment. Headless Chromium keeps every tab
   * visible; Firefox has one foreground tab per window, like a person does.
   */
  readonly concurrentInput: boolean;
  /**
   * The welcome view the install opened, when launched with `keepWelcome`; otherwise null (closed
   * by `launch` once it read the content script's registration from it).
   */
  readonly welcome: TactPage | null;
  newPage(url?: string): Promise<TactPage>;
  /**
   * Opens an extension page (`options.html`, `popup.html?site=…`) in a new tab, or with
   * `inWelcomeTab` in the welcome view's tab (of a browser launched with `keepWelcome`), which it
   * takes: `welcome` then shows that page.
   */
  openExtensionPage(path: string, inWelcomeTab?: boolean): Promise<TactPage>;
  /** Stops the background (service worker / event page) and waits until it is stopped. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

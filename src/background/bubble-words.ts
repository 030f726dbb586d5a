/**
 * The first bubble's words around the persona ("via Tact", the pill's label, the frame's title) in
 * the conversation's language, which may not be the browser's: `chrome.i18n` only speaks the
 * browser's, and a service worker cannot `import()` the `locales/<lang>.js` file the overlay frame
 * loads. So these three messages of each language are taken from `_locales` by the bundler (named
 * JSON imports: esbuild keeps only the keys named here, about 0.4 KB), the one definition the frame
 * and the site build read too.
 */
import {
  overlayFrameTitle as enFrameTitle,
  overlayPillOpen as enPillOpen,
  overlayVia as enVia,
} from '../../assets/_locales/en/messages.json';
import {
  overlayFrameTitle as frFrameTitle,
  overlayPillOpen as frPillOpen,
  overlayVia as frVia,
} from '../../assets/_locales/fr/messages.json';
import {
  overlayFrameTitle as ruFrameTitle,
  overlayPillOpen as ruPillOpen,
  overlayVia as ruVia,
} from '../../assets/_locales/ru/messages.json';
import type { FirstBubbleWords } from '../core/flows/first-bubble.ts';
import type { FlowLocale } from '../core/flows/localized-text.ts';
import { fillMessage } from '../shared/i18n.ts';

type Message = { message: string };
const WORDS: Record<FlowLocale, { via: Message; pillOpen: Message; frameTitle: Message }> = {
  en: { via: enVia, pillOpen: enPillOpen, frameTitle: enFrameTitle },
  fr: { via: frVia, pillOpen: frPillOpen, frameTitle: frFrameTitle },
  ru: { via: ruVia, pillOpen: ruPillOpen, frameTitle: ruFrameTitle },
};

/** The first bubble's words for the persona `name`, in the conversation's `locale`. */
export function bubbleWords(name: string, locale: FlowLocale): FirstBubbleWords {
  const words = WORDS[locale];
  return {
    via: words.via.message,
    pillOpen: fillMessage(words.pillOpen.message, [name]),
    frameTitle: words.frameTitle.message,
  };
}

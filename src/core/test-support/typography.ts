/**
 * The typography of texts a person reads, one definition for the tests that hold the message
 * catalogue (`src/options/message-catalogue.test.ts`) and the templates
 * (`src/core/flows/templates.test.ts`) to it: English quotes with “ ”, French and Russian with « »,
 * the apostrophe is ’ (straight marks stay only inside code a marketer types), and French and
 * Russian spaces never let a line start with a colon, a closing quote or a percent sign.
 */

/** Code a marketer types, kept as typed: JSON ({"trip": "day"}, [{…}]) and an HTML attribute (data-consent="granted"). */
const CODE = /\{.*\}|\[.*\]|[\w-]+="[^"]*"/g;

/** A straight double quote (`"`) or apostrophe (`'`), typed where the language writes its own mark. */
export type StraightMark = '"' | "'";

/** Whether `text` uses the straight `mark` outside code (see `CODE`). */
export const hasStraight = (text: string, mark: StraightMark): boolean => text.replace(CODE, '').includes(mark);

/**
 * Whether a French `text` breaks its spacing: French sets a no-break space (U+00A0) before ":" and
 * inside « », a narrow one (U+202F) before ";", "!", "?" and "%"; a plain space there, or none,
 * lets a line break put ":" or "»" first. (":port", "mailto:" and "(?=" are not punctuation.)
 */
export const breaksFrenchSpacing = (text: string): boolean =>
  / [:;!?»%](?!\p{L})|« |\S[;!?»](?=\s|$)|\p{L}«/u.test(text) || /[\d$]\s?%/.test(text.replace(/[\d$]\u202f%/g, ''));

/**
 * Whether a Russian `text` breaks its spacing: no space before ":", ";", "!", "?" and none inside
 * « », a no-break one before "%" and "—". (":port" in a host is not punctuation.)
 */
export const breaksRussianSpacing = (text: string): boolean => /\s[:;!?»](?!\p{L})|«\s| —|[\d$]%|[\d$] %/u.test(text);

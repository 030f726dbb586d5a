/**
 * Most flows, rules and segments one flow pack holds: checked on import (flow-pack.ts) and bounding
 * the import's undo that pages send back (protocol.ts). A module of its own, without imports, as
 * the protocol goes into the always-on content script.
 */
export const MAX_PACK_FLOWS = 500;
export const MAX_PACK_RULES = 5000;
export const MAX_PACK_SEGMENTS = 500;

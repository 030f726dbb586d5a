/**
 * Background entry: a service worker in Chrome, an event page in Firefox. Listeners are
 * registered synchronously at top level so a background woken by an event finds them in place;
 * all state is in IndexedDB (see store.ts), nothing is kept in globals between events.
 */
import { ext } from '../shared/browser-api.ts';
import { handleMessage } from './handlers.ts';
import { db, onEventsAppended } from './store.ts';
import { tellPages } from '../shared/protocol.ts';
import { applyRetention, ensureRetentionAlarm, resumeRetention, RETENTION_ALARM } from './retention.ts';
import { forgetPreviewTabs } from './preview-handlers.ts';
import { syncContentScripts } from './content-registration.ts';
import { withdrawUnseenIn } from './conversations.ts';
import { pageViewsClosed } from './page-views.ts';

/** When this background started: a page view started before it, at a browser's start, is of the last session. */
const STARTED_AT = Date.now();

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handleMessage(message, sender).then(
    (reply) => (reply === undefined ? sendResponse() : sendResponse(reply)),
    (error: unknown) => {
      console.error('[tact] message handling failed', error);
      sendResponse({ ok: false, error: 'Tact hit an unexpected problem.' });
    },
  );
  return true; // the answer is sent asynchronously
});

// Open options pages follow new answers and results at once (one message per committed write, no polling).
onEventsAppended((news) => void tellPages('events/appended', news));

ext.runtime.onInstalled.addListener((details) => {
  // Creating the database seeds the default flows and rules.
  db().catch((error: unknown) => console.error('[tact] could not open the database', error));
  // A new install opens the welcome view once; an update, a browser update or a restart does not.
  if (details.reason === 'install')
    ext.tabs
      .create({ url: ext.runtime.getURL('options.html#welcome') })
      .catch((error: unknown) => console.error('[tact] could not open the welcome view', error));
});

// A new browser session: tab ids are reused, so per-tab preview state ("act as", picks) goes, and
// an overlay still held unseen when the browser closed was never seen.
ext.runtime.onStartup.addListener(() => {
  forgetPreviewTabs().catch((error: unknown) => console.error('[tact] could not clear preview state', error));
  withdrawUnseenIn('every-tab').catch((error: unknown) => console.error('[tact] could not withdraw', error));
  // The last session's page views are no longer live (tabs restored now say hello again).
  pageViewsClosed('every-tab', STARTED_AT).catch((error: unknown) => console.error('[tact] page views', error));
});

// A tab closed while its overlay was held unseen: its content script will never say it was seen.
ext.tabs.onRemoved.addListener((tabId) => {
  withdrawUnseenIn(tabId).catch((error: unknown) => console.error('[tact] could not withdraw', error));
  // Nor will it ask for a pre-approval again.
  pageViewsClosed(tabId).catch((error: unknown) => console.error('[tact] page views', error));
});

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== RETENTION_ALARM) return;
  applyRetention().catch((error: unknown) => console.error('[tact] retention failed', error));
});

// Every start, not only install: the browser may have dropped the alarm (see ensureRetentionAlarm).
ensureRetentionAlarm(ext.alarms).catch((error: unknown) => console.error('[tact] could not schedule retention', error));
// Every start: the content script registered for the sites the rules can match (a browser or an
// update may have dropped the registration; creating the database seeds the default rules first).
void syncContentScripts();
// A retention run the browser stopped half-way goes on from where it was.
resumeRetention().catch((error: unknown) => console.error('[tact] retention failed', error));

// Count starts, so tests (and the curious) can see the background really was stopped and restarted.
void (async () => {
  try {
    const d = await db();
    const tx = d.transaction('meta', 'readwrite');
    const starts = ((await tx.store.get('backgroundStarts')) as number | undefined) ?? 0;
    await tx.store.put(starts + 1, 'backgroundStarts');
    await tx.done;
  } catch (error) {
    console.error('[tact] could not open the database', error);
  }
})();

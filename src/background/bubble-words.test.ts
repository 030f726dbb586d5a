import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bubbleWords } from './bubble-words.ts';

test("the first bubble's words are in the conversation's language, not the browser's", () => {
  assert.deepEqual(bubbleWords('Sam', 'en'), {
    via: 'via Tact',
    pillOpen: 'Sam has a question',
    frameTitle: 'Tact conversation',
  });
  assert.deepEqual(bubbleWords('Sam', 'fr'), {
    via: 'via Tact',
    pillOpen: 'Sam a une question',
    frameTitle: 'Conversation Tact',
  });
  assert.equal(bubbleWords('Анна', 'ru').pillOpen, 'Анна: есть вопрос', 'the name as written, never to decline');
  assert.equal(
    bubbleWords('$1 & co', 'fr').pillOpen,
    '$1 & co a une question',
    'a name is never read as a placeholder',
  );
});

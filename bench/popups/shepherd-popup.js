// An in-page peer for bench:overlay: a shepherd.js step (no target element: a centred dialog)
// started on the exit (the pointer leaving through the top), with the same words and replies as Tact's first step.
import Shepherd from 'shepherd.js';
import { EXIT_REPLIES, EXIT_TEXT, onExit } from './exit-trigger.js';

const tour = new Shepherd.Tour({ defaultStepOptions: { cancelIcon: { enabled: true } } });
tour.addStep({
  id: 'exit',
  text: EXIT_TEXT,
  buttons: EXIT_REPLIES.map((text) => ({ text, action: () => tour.complete() })),
});
onExit(() => void tour.start());

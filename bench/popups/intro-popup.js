// An in-page peer for bench:overlay: an intro.js tour of one floating step (intro.min.js is a
// classic script loaded before this one, so `introJs` is a global) started on the exit (the pointer leaving through the top), with
// the same words as Tact's first step.
import { EXIT_TEXT, onExit } from './exit-trigger.js';

const tour = window.introJs.tour().setOptions({ steps: [{ intro: EXIT_TEXT }] });
onExit(() => void tour.start());

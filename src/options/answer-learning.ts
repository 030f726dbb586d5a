/**
 * "Answers to learn from", under a flow's results (`#results?flow=<id>`): the free-text answers the
 * flow did not understand (no intent) or understood weakly, per question, grouped by what they say,
 * most given first (core/results/answers-to-learn.ts). Each group is a small form: the answers
 * (all ticked; untick to teach only some), an intent of the question or "New intent…", and Teach
 * (Enter works anywhere in the form). Teaching saves the flow through `flows/save`, the editor's
 * validated path; the background's matcher is keyed by the examples, so the next answer is matched
 * with them. The group leaves the list (the flow now understands it) and the undo toast puts the
 * flow back. The answers are read from the background (`answers/free-text`), never from a page.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { send } from '../shared/protocol.ts';
import { followNewEvents } from './follow-new-events.ts';
import { formatNumber, plural, t } from '../shared/i18n.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import {
  answersToLearn,
  teachAnswers,
  type LearnGroup,
  type QuestionToTeach,
  type TeachProblem,
  type WeakStrength,
} from '../core/results/answers-to-learn.ts';
import type { ToastRequest } from './tact-options.ts';
import { failureText } from '../shared/failure-text.ts';

/** The "new intent" choice in an intent list (not a valid intent name: names are trimmed text). */
const NEW_INTENT = ' new';

type Filter = 'all' | WeakStrength;
const STRENGTHS: Record<Filter, WeakStrength[]> = { all: ['none', 'weak'], none: ['none'], weak: ['weak'] };

/** The marketer's sentence for a refusal. */
function problemText(problem: TeachProblem): string {
  switch (problem.code) {
    case 'not-a-question':
      return t('learnProblemNotAQuestion');
    case 'unknown-intent':
      return t('learnProblemUnknownIntent', problem.intent);
    case 'intent-exists':
      return t('learnProblemIntentExists', problem.intent);
    case 'intent-name':
      return plural('learnProblemIntentName', problem.max);
    case 'too-many-intents':
      return plural('learnProblemTooManyIntents', problem.max);
    case 'too-many-examples':
      return plural('learnProblemTooManyExamples', problem.max, formatNumber(Math.max(0, problem.room)));
    case 'too-many-in-language':
      return plural('learnProblemTooManyInLanguage', problem.max);
    case 'nothing-new':
      return t('learnProblemNothingNew');
  }
}

export class TactAnswerLearning extends LitElement {
  static override properties = {
    flow: { attribute: false },
    answers: { state: true },
    filter: { state: true },
    problems: { state: true },
    newIntent: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare flow: Flow | undefined;
  /** The flow's free-text answers, newest first; undefined while loading. */
  declare answers: TactEvent[] | undefined;
  declare filter: Filter;
  /** A refusal to show, per group form (its id). */
  declare problems: Map<string, string>;
  /** Group forms (ids) where "New intent…" is chosen. */
  declare newIntent: Set<string>;
  declare busy: boolean;
  declare error: string;

  private stopListening: (() => void) | undefined;
  private cache: { flow: Flow; answers: TactEvent[]; filter: Filter; questions: QuestionToTeach[] } | undefined;

  constructor() {
    super();
    this.filter = 'all';
    this.problems = new Map();
    this.newIntent = new Set();
    this.busy = false;
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A new answer to this flow shows at once (one reload per burst of events).
    this.stopListening = followNewEvents(
      (news) => !!this.flow && news.flowIds.includes(this.flow.id) && news.types.includes('answered'),
      () => void this.load(),
    );
  }

  override disconnectedCallback(): void {
    this.stopListening?.();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues): void {
    const before = changed.get('flow') as Flow | undefined;
    if (changed.has('flow') && this.flow && before?.id !== this.flow.id) {
      this.answers = undefined;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const flowId = this.flow?.id;
    if (!flowId) return;
    try {
      const answers = await send('answers/free-text', { flowId });
      if (this.flow?.id === flowId) this.answers = answers;
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
    }
  }

  /** The questions to show, computed once per flow, answers and filter. */
  private questions(flow: Flow, answers: TactEvent[]): QuestionToTeach[] {
    const c = this.cache;
    if (c && c.flow === flow && c.answers === answers && c.filter === this.filter) return c.questions;
    const questions = answersToLearn(flow, answers, { strengths: STRENGTHS[this.filter] });
    this.cache = { flow, answers, filter: this.filter, questions };
    return questions;
  }

  private async teach(e: SubmitEvent, question: QuestionToTeach, formId: string): Promise<void> {
    e.preventDefault();
    const flow = this.flow;
    if (!flow || this.busy) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const texts = data.getAll('answer').map(String);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const chosen = field('intent');
    const create = chosen === NEW_INTENT;
    const intent = create ? field('new-intent') : chosen;
    const refuse = (message: string) => {
      this.problems = new Map(this.problems).set(formId, message);
      void this.updateComplete.then(() => form.querySelector<HTMLElement>('[role="alert"]')?.focus());
    };
    if (!texts.length) {
      refuse(t('learnPickOne'));
      return;
    }
    const taught = teachAnswers(flow, question.nodeId, intent, texts, { create });
    if (!taught.ok) {
      refuse(problemText(taught.problem));
      return;
    }
    this.busy = true;
    try {
      const saved = await send('flows/save', { flow: taught.flow });
      const problems = new Map(this.problems);
      problems.delete(formId);
      this.problems = problems;
      this.changed(saved);
      const toast: ToastRequest = {
        message: plural('learnTaught', taught.added, intent.trim()) + (create ? ` ${t('learnNewIntentNote')}` : ''),
        undo: async () => {
          // Undo puts back the flow as it was before, unless it was changed since.
          const current = await send('workspace/get', null);
          const stored = current.flows.find((f) => f.id === flow.id);
          if (JSON.stringify(stored) !== JSON.stringify(saved)) throw new Error(t('learnUndoChanged'));
          this.changed(await send('flows/save', { flow }));
        },
      };
      this.dispatchEvent(new CustomEvent('tact-toast', { detail: toast, bubbles: true }));
    } catch (error) {
      refuse(failureText(error));
    } finally {
      this.busy = false;
    }
  }

  private changed(flow: Flow): void {
    this.dispatchEvent(new CustomEvent('tact-changed', { detail: { flow }, bubbles: true }));
  }

  override render() {
    const flow = this.flow;
    if (!flow) return nothing;
    const hasQuestion = Object.values(flow.nodes).some((n) => n.type === 'input' && n.match);
    return html`<section class="card" id="learn" aria-labelledby="learn-h">
      <h2 id="learn-h">${t('learnTitle')}</h2>
      <p class="muted" id="learn-help">${t('learnHelp')}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${hasQuestion ? this.renderList(flow) : html`<p class="empty" id="learn-empty">${t('learnNoQuestion')}</p>`}
    </section>`;
  }

  private renderList(flow: Flow) {
    if (!this.answers) return html`<p class="muted">${t('optionsLoading')}</p>`;
    const questions = this.questions(flow, this.answers);
    const filterLabel: Record<Filter, string> = {
      all: t('learnFilterAll'),
      none: t('learnFilterNone'),
      weak: t('learnFilterWeak'),
    };
    return html`<label
        >${t('learnFilter')}
        <select
          id="learn-filter"
          @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value as Filter)}
        >
          ${(Object.keys(filterLabel) as Filter[]).map(
            (f) => html`<option value=${f} ?selected=${f === this.filter}>${filterLabel[f]}</option>`,
          )}
        </select></label
      >
      ${
        questions.length === 0
          ? html`<p class="empty" id="learn-empty">${t('learnEmpty')}</p>`
          : questions.map(
              (q) =>
                html`<div class="learn-question" data-node=${q.nodeId}>
                  <h3>${t('learnQuestion', q.question || q.nodeId)}</h3>
                  ${q.groups.map((g, i) => this.renderGroup(q, g, `learn-${q.nodeId}-${i}`))}
                </div>`,
            )
      }`;
  }

  private renderGroup(q: QuestionToTeach, g: LearnGroup, formId: string) {
    const problem = this.problems.get(formId);
    const creating = this.newIntent.has(formId) || q.intents.length === 0;
    // A group's first answer names it; a weak match proposes the intent it already went to.
    const proposed = g.answers.find((a) => a.intent)?.intent ?? q.intents[0];
    return html`<form
      class="learn-group"
      id=${formId}
      data-count=${g.count}
      aria-labelledby="${formId}-h"
      @submit=${(e: SubmitEvent) => void this.teach(e, q, formId)}
    >
      <h4 id="${formId}-h">“${g.answers[0]!.text}” <span class="muted">${plural('learnTimes', g.count)}</span></h4>
      <ul class="learn-answers">
        ${g.answers.map(
          (a) =>
            html`<li>
              <label
                ><input type="checkbox" name="answer" .value=${a.text} checked />
                <span class="learn-text">${a.text}</span>
                <span class="muted">${plural('learnTimes', a.count)}</span>
                <span class="badge ${a.strength === 'none' ? 'off' : ''}"
                  >${a.strength === 'none' ? t('learnStrengthNone') : t('learnStrengthWeak', a.intent ?? '')}</span
                ></label
              >
            </li>`,
        )}
      </ul>
      <div class="learn-actions">
        <label
          >${t('learnIntent')}
          <select
            name="intent"
            @change=${(e: Event) => {
              const next = new Set(this.newIntent);
              if ((e.target as HTMLSelectElement).value === NEW_INTENT) next.add(formId);
              else next.delete(formId);
              this.newIntent = next;
            }}
          >
            ${q.intents.map((name) => html`<option value=${name} ?selected=${!creating && name === proposed}>${name}</option>`)}
            <option value=${NEW_INTENT} ?selected=${creating}>${t('learnNewIntent')}</option>
          </select></label
        >
        ${
          creating
            ? html`<label
                >${t('learnNewIntentName')} <input name="new-intent" required maxlength="80" autocomplete="off"
              /></label>`
            : nothing
        }
        <button type="submit" class="primary" ?disabled=${this.busy}>${t('learnTeach')}</button>
      </div>
      ${problem ? html`<p class="error" role="alert" tabindex="-1">${problem}</p>` : nothing}
    </form>`;
  }
}

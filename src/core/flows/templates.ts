/**
 * Built-in templates: the conversations of the source essays, each a complete flow with the rule
 * that starts it, written for the demo shop but meant to be adapted. Seeded on install (see
 * default-pack.ts) and played to their end by the `templates` journey. Every text a visitor reads
 * is written in English, French and Russian (docs/flow-model.md, "Texts in several languages"),
 * each in its own words rather than word for word.
 */
import { MODEL_VERSION, type Flow, type Persona } from './flow-model.ts';
import { RULE_VERSION, type Rule } from '../rules/rule-model.ts';
import type { LocalizedText } from './localized-text.ts';

/** One text in the three languages Tact speaks. */
const t3 = (en: string, fr: string, ru: string) => ({ en, fr, ru });

const PERSONA: Persona = {
  name: t3('Sam from Northwind', 'Sam de Northwind', 'Сэм из Northwind'),
  avatar: 'S',
  tone: 'warm, brief, practical; no pressure',
  typingCps: 60,
  emoji: 'none',
};

export interface Template {
  id: string;
  /** Its name in the template list, per locale (a flow made from it is named in the marketer's language). */
  title: LocalizedText;
  /** What it is for, in a sentence (shown when creating from a template), per locale. */
  summary: LocalizedText;
  flow: Flow;
  rule: Rule;
  /** Its rule's name per locale (the seeded rule is named in the browser's language at install). */
  ruleTitle: LocalizedText;
}

const rule = (r: Omit<Rule, 'version' | 'enabled' | 'shadow' | 'entry'> & Partial<Pick<Rule, 'entry'>>): Rule => ({
  version: RULE_VERSION,
  enabled: true,
  shadow: false,
  entry: 'panel',
  ...r,
});
const flow = (f: Omit<Flow, 'version' | 'persona'>): Flow => ({
  version: MODEL_VERSION,
  defaultLocale: 'en',
  persona: PERSONA,
  ...f,
});

export const TEMPLATES: Template[] = [
  {
    id: 'greeter',
    title: t3('Greeter with one question', 'Accueil en une question', 'Приветствие с одним вопросом'),
    summary: t3(
      'A greeter asking one question, to learn what brings the visitor here.',
      'Un accueil qui pose une seule question, pour savoir ce qui amène le visiteur.',
      'Приветствие с одним вопросом: узнать, что привело посетителя.',
    ),
    flow: flow({
      id: 'greeter',
      name: 'Greeter with one question',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: t3(
            'Hi {{visitor.firstName|there}}! What brings you to Northwind today?',
            'Bonjour {{visitor.firstName|}} ! Qu’est-ce qui vous amène chez Northwind aujourd’hui ?',
            'Здравствуйте! Что привело вас сегодня в Northwind?',
          ),
          replies: [
            {
              id: 'browse',
              label: t3('Just looking around', 'Je jette un œil', 'Просто смотрю'),
              next: 'browse',
              tags: ['intent-browse'],
              tagDays: 30,
            },
            {
              id: 'pack',
              label: t3('I need a backpack', 'Je cherche un sac à dos', 'Мне нужен рюкзак'),
              next: 'pack',
              tags: ['intent-backpack'],
              tagDays: 30,
            },
            {
              id: 'gift',
              label: t3('A gift for someone', 'Un cadeau à offrir', 'Ищу подарок'),
              next: 'gift',
              tags: ['intent-gift'],
              tagDays: 30,
            },
          ],
        },
        browse: {
          type: 'end',
          text: t3(
            'Enjoy the visit. The Journal has good reads for the next trip.',
            'Bonne visite ! Le Journal regorge d’idées pour votre prochaine sortie.',
            'Приятной прогулки по сайту! В Журнале много полезного к следующему походу.',
          ),
        },
        pack: {
          type: 'end',
          text: t3(
            'Good timing: the Backpacks page has a finder that narrows it down in three questions.',
            'Ça tombe bien : la page Sacs à dos propose un guide qui vous oriente en trois questions.',
            'Вы вовремя: на странице «Рюкзаки» есть подбор — три вопроса, и выбор готов.',
          ),
        },
        gift: {
          type: 'end',
          text: t3(
            'Lovely. Every order can come gift-wrapped, with the price left off the receipt.',
            'Belle idée ! Toute commande peut être emballée en cadeau, sans le prix sur le ticket.',
            'Отличная идея! Любой заказ упакуем как подарок, а цену в чек не впишем.',
          ),
        },
      },
    }),
    ruleTitle: t3(
      'Greet on the home page after a few seconds',
      'Accueillir sur la page d’accueil après quelques secondes',
      'Приветствие на главной через несколько секунд',
    ),
    rule: rule({
      id: 'greeter-home',
      name: 'Greet on the home page after a few seconds',
      trigger: { signal: 'dwell', seconds: 8 },
      conditions: [
        { kind: 'url', match: 'exact', pattern: '/' },
        { kind: 'visit-count', max: 1 },
      ],
      flowId: 'greeter',
      entry: 'pill',
      priority: 1,
      frequency: { every: 'visitor' },
    }),
  },
  {
    id: 'product-finder',
    title: t3('Backpack finder', 'Trouver son sac à dos', 'Подбор рюкзака'),
    summary: t3(
      'A step-by-step product finder that gets more specific at each step.',
      'Un guide de choix pas à pas, plus précis à chaque étape.',
      'Пошаговый подбор товара, с каждым шагом всё точнее.',
    ),
    flow: flow({
      id: 'product-finder',
      name: 'Backpack finder',
      start: 'trip',
      nodes: {
        trip: {
          type: 'choice',
          text: t3(
            'Let me narrow it down. How long are your trips, usually?',
            'Affinons un peu. Vos sorties durent combien de temps, en général ?',
            'Давайте сузим выбор. Сколько обычно длятся ваши походы?',
          ),
          replies: [
            { id: 'day', label: t3('A day', 'Une journée', 'Один день'), next: 'carry', set: { trip: 'day' } },
            {
              id: 'weekend',
              label: t3('A weekend', 'Un week-end', 'Выходные'),
              next: 'carry',
              set: { trip: 'weekend' },
            },
            {
              id: 'week',
              label: t3('A week or more', 'Une semaine ou plus', 'Неделю и дольше'),
              next: 'carry',
              set: { trip: 'week' },
            },
          ],
        },
        carry: {
          type: 'choice',
          text: t3(
            'And what matters most when you carry it?',
            'Et quand vous le portez, qu’est-ce qui compte le plus ?',
            'А что для вас важнее всего, когда рюкзак на плечах?',
          ),
          replies: [
            {
              id: 'light',
              label: t3('As light as possible', 'La légèreté avant tout', 'Чтобы был как можно легче'),
              next: 'route',
              set: { carry: 'light' },
            },
            {
              id: 'comfort',
              label: t3('Comfort with a heavy load', 'Le confort, même chargé', 'Удобство с тяжёлым грузом'),
              next: 'route',
              set: { carry: 'comfort' },
            },
          ],
        },
        route: {
          type: 'condition',
          branches: [
            { when: [{ kind: 'variable', name: 'trip', op: 'equals', value: 'day' }], next: 'day-pack' },
            { when: [{ kind: 'variable', name: 'trip', op: 'equals', value: 'week' }], next: 'big-pack' },
          ],
          otherwise: 'mid-pack',
        },
        'day-pack': {
          type: 'message',
          text: t3(
            'For days out, the Daybreak 18 or the Trail Pack 28 (if you bring layers).',
            'Pour la journée : le Daybreak 18, ou le Trail Pack 28 si vous emportez des couches en plus.',
            'Для однодневных вылазок — Daybreak 18 или Trail Pack 28, если берёте запасную одежду.',
          ),
          next: 'see',
        },
        'mid-pack': {
          type: 'message',
          text: t3(
            'For weekends, the Trail Pack 28 fits a night in a hut; the Summit 40 if you camp.',
            'Pour un week-end : le Trail Pack 28 suffit pour une nuit en refuge ; le Summit 40 si vous campez.',
            'На выходные: Trail Pack 28 хватит для ночёвки в приюте, а с палаткой лучше Summit 40.',
          ),
          next: 'see',
        },
        'big-pack': {
          type: 'message',
          text: t3(
            'For a week, the Ridgeline 55: it carries weight on the hips, not the shoulders.',
            'Pour une semaine, le Ridgeline 55 : il reporte le poids sur les hanches plutôt que sur les épaules.',
            'На неделю — Ridgeline 55: вес ложится на бёдра, а не на плечи.',
          ),
          next: 'see',
        },
        see: {
          type: 'action',
          action: {
            kind: 'open-link',
            url: '/shop/',
            label: t3('See the backpacks', 'Voir les sacs à dos', 'Посмотреть рюкзаки'),
          },
          next: 'done',
        },
        done: {
          type: 'end',
          text: t3(
            'Every pack has a fit guide, and returns are free for 30 days.',
            'Chaque sac a son guide des tailles, et le retour est gratuit pendant 30 jours.',
            'У каждого рюкзака есть гид по размеру, а вернуть его можно бесплатно в течение 30 дней.',
          ),
        },
      },
    }),
    ruleTitle: t3(
      'Offer the finder on the backpacks page',
      'Proposer l’aide au choix sur la page des sacs à dos',
      'Предложить подбор на странице рюкзаков',
    ),
    rule: rule({
      id: 'finder-category',
      name: 'Offer the finder on the backpacks page',
      trigger: { signal: 'scroll-depth', atLeast: 50 },
      conditions: [{ kind: 'url', match: 'exact', pattern: '/shop/' }],
      flowId: 'product-finder',
      entry: 'pill',
      priority: 4,
      frequency: { every: 'session' },
    }),
  },
  {
    id: 'quiz-contest',
    title: t3('Trail quiz contest', 'Quiz-concours rando', 'Походная викторина с розыгрышем'),
    summary: t3(
      'A multi-question quiz contest with a score, a result and an entry form.',
      'Un quiz-concours en plusieurs questions, avec un score, un résultat et un formulaire de participation.',
      'Викторина из нескольких вопросов: очки, итог и форма участия в розыгрыше.',
    ),
    flow: flow({
      id: 'quiz-contest',
      name: 'Trail quiz contest',
      start: 'intro',
      nodes: {
        intro: {
          type: 'message',
          text: t3(
            'Three questions, one chance to win a Trail Pack 28. Ready?',
            'Trois questions pour tenter de gagner un Trail Pack 28. On y va ?',
            'Три вопроса — и шанс выиграть Trail Pack 28. Начнём?',
          ),
          next: 'q1',
        },
        q1: {
          type: 'quiz',
          text: t3(
            'How much water should you plan per hour of hiking in warm weather?',
            'Combien d’eau prévoir par heure de marche quand il fait chaud ?',
            'Сколько воды нужно закладывать на час ходьбы в жару?',
          ),
          options: [
            {
              id: 'a',
              label: t3('About 0.2 litre', 'Environ 0,2 litre', 'Около 0,2 литра'),
              points: 0,
              correct: false,
            },
            { id: 'b', label: t3('About 0.5 litre', 'Environ 0,5 litre', 'Около 0,5 литра'), points: 1, correct: true },
            { id: 'c', label: t3('About 2 litres', 'Environ 2 litres', 'Около 2 литров'), points: 0, correct: false },
          ],
          feedback: {
            correct: t3(
              'Right: about half a litre an hour.',
              'Exact : environ un demi-litre par heure.',
              'Верно: примерно пол-литра в час.',
            ),
            wrong: t3(
              'Close: it is about half a litre an hour.',
              'Presque : c’est plutôt un demi-litre par heure.',
              'Почти: на самом деле около пол-литра в час.',
            ),
          },
          next: 'q2',
        },
        q2: {
          type: 'quiz',
          text: t3(
            'Where should the heaviest items sit in a pack?',
            'Où placer les affaires les plus lourdes dans un sac ?',
            'Куда в рюкзаке класть самые тяжёлые вещи?',
          ),
          options: [
            { id: 'a', label: t3('At the bottom', 'Tout au fond', 'На самое дно'), points: 0, correct: false },
            {
              id: 'b',
              label: t3(
                'Close to your back, mid-height',
                'Contre le dos, à mi-hauteur',
                'Ближе к спине, на середину высоты',
              ),
              points: 1,
              correct: true,
            },
            { id: 'c', label: t3('In the lid', 'Dans le rabat', 'В клапан'), points: 0, correct: false },
          ],
          feedback: {
            correct: t3(
              'Yes: close to your back keeps you balanced.',
              'Oui : près du dos, vous gardez l’équilibre.',
              'Да: у спины груз не нарушает равновесие.',
            ),
            wrong: t3(
              'Not quite: close to your back, at mid-height.',
              'Pas tout à fait : contre le dos, à mi-hauteur.',
              'Не совсем: ближе к спине, на середину высоты.',
            ),
          },
          next: 'q3',
        },
        q3: {
          type: 'quiz',
          text: t3(
            'What does the “10 essentials” list start with?',
            'Par quoi commence la liste des « 10 indispensables » ?',
            'С чего начинается список «10 самых нужных вещей»?',
          ),
          options: [
            { id: 'a', label: t3('Navigation', 'L’orientation', 'Навигация'), points: 1, correct: true },
            { id: 'b', label: t3('Snacks', 'Les en-cas', 'Перекус'), points: 0, correct: false },
          ],
          next: 'result',
        },
        result: {
          type: 'result',
          ranges: [
            {
              min: 3,
              text: t3(
                'A perfect {{score}} out of 3. You know your trails!',
                'Un sans-faute : {{score}} sur 3. Vous connaissez vos sentiers !',
                'Идеально: {{score}} из 3. Вы знаете толк в походах!',
              ),
            },
            {
              min: 1,
              text: t3(
                'You scored {{score}} out of 3. Not bad at all.',
                'Vous avez {{score}} sur 3. Pas mal du tout !',
                'У вас {{score}} из 3. Совсем неплохо.',
              ),
            },
            {
              min: 0,
              text: t3(
                'You scored {{score}} out of 3. The Journal will help next time.',
                'Vous avez {{score}} sur 3. Le Journal vous aidera pour la prochaine fois.',
                'У вас {{score}} из 3. В следующий раз поможет наш Журнал.',
              ),
            },
          ],
          next: 'enter',
        },
        enter: {
          type: 'form',
          text: t3(
            'Enter the draw for a Trail Pack 28:',
            'Participez au tirage au sort d’un Trail Pack 28 :',
            'Участвуйте в розыгрыше Trail Pack 28:',
          ),
          fields: [
            {
              id: 'name',
              label: t3('Your first name?', 'Votre prénom ?', 'Как вас зовут?'),
              input: 'text',
              required: true,
              attribute: 'firstName',
            },
            {
              id: 'email',
              label: t3(
                'And your email, to tell you if you win?',
                'Et votre e-mail, pour vous prévenir si vous gagnez ?',
                'И ваш e-mail — чтобы сообщить, если выиграете?',
              ),
              input: 'email',
              required: true,
              attribute: 'email',
            },
          ],
          next: 'tagged',
        },
        tagged: { type: 'action', action: { kind: 'tag', tags: ['quiz-entrant'] }, next: 'bye' },
        bye: {
          type: 'end',
          text: t3(
            'You are in the draw, {{visitor.firstName|friend}}. Good luck!',
            'C’est noté, vous participez au tirage. Bonne chance, {{visitor.firstName|à vous}} !',
            'Готово: вы участвуете в розыгрыше. Удачи, {{visitor.firstName|друг}}!',
          ),
        },
      },
    }),
    ruleTitle: t3(
      'Quiz for readers of the Journal',
      'Quiz pour les lecteurs du Journal',
      'Викторина для читателей Журнала',
    ),
    rule: rule({
      id: 'quiz-journal',
      name: 'Quiz for readers of the Journal',
      trigger: { signal: 'dwell', seconds: 40 },
      conditions: [
        { kind: 'url', match: 'glob', pattern: '/journal/*' },
        { kind: 'visitor-tag', tag: 'quiz-entrant', present: false },
      ],
      flowId: 'quiz-contest',
      entry: 'pill',
      priority: 3,
      frequency: { every: 'days', days: 7 },
    }),
  },
  {
    id: 'checkout-reassurance',
    title: t3('Reassurance before checkout', 'Rassurer avant le paiement', 'Поддержка перед оплатой'),
    summary: t3(
      'Reassurance before checkout: delivery, returns, payment safety.',
      'Rassurer avant le paiement : livraison, retours, sécurité du paiement.',
      'Снять сомнения перед оплатой: доставка, возврат, безопасность платежа.',
    ),
    flow: flow({
      id: 'checkout-reassurance',
      name: 'Reassurance before checkout',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: t3(
            'Anything I can clear up before you pay?',
            'Une question à régler avant de payer ?',
            'Остались вопросы перед оплатой?',
          ),
          replies: [
            {
              id: 'delivery',
              label: t3('Delivery time', 'Délai de livraison', 'Сроки доставки'),
              next: 'delivery',
              tags: ['worry-delivery'],
            },
            { id: 'returns', label: t3('Returns', 'Retours', 'Возврат'), next: 'returns', tags: ['worry-returns'] },
            {
              id: 'payment',
              label: t3('Is payment safe?', 'Le paiement est-il sûr ?', 'Оплата безопасна?'),
              next: 'payment',
              tags: ['worry-payment'],
            },
            { id: 'fine', label: t3('All good, thanks', 'Tout va bien, merci', 'Всё понятно, спасибо'), next: 'fine' },
          ],
        },
        delivery: {
          type: 'end',
          text: t3(
            'Orders placed before 3 pm leave the same day and usually arrive in 2 working days.',
            'Les commandes passées avant 15 h partent le jour même et arrivent en général sous 2 jours ouvrés.',
            'Заказы, оформленные до 15:00, отправляем в тот же день; обычно они приходят за 2 рабочих дня.',
          ),
        },
        returns: {
          type: 'end',
          text: t3(
            'You have 30 days to return anything unused, and the return label is on us.',
            'Vous avez 30 jours pour renvoyer un article non utilisé, et l’étiquette de retour est à nos frais.',
            'Неиспользованный товар можно вернуть в течение 30 дней, обратную доставку оплачиваем мы.',
          ),
        },
        payment: {
          type: 'end',
          text: t3(
            'Payments go through an encrypted connection; we never see or store your card number.',
            'Le paiement passe par une connexion chiffrée ; nous ne voyons ni ne gardons jamais votre numéro de carte.',
            'Оплата идёт по зашифрованному соединению; номер вашей карты мы не видим и не храним.',
          ),
        },
        fine: {
          type: 'end',
          text: t3('Great. Have a good trip!', 'Parfait. Bonne route !', 'Отлично. Хорошего похода!'),
        },
      },
    }),
    ruleTitle: t3('Leaving the checkout', 'Départ depuis le paiement', 'Уход со страницы оплаты'),
    rule: rule({
      id: 'checkout-exit',
      name: 'Leaving the checkout',
      trigger: { signal: 'exit-intent' },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/checkout*' }],
      flowId: 'checkout-reassurance',
      priority: 20,
      frequency: { every: 'days', days: 1 },
    }),
  },
  {
    id: 'pricing-help',
    title: t3('Help choosing a plan', 'Aide au choix d’une formule', 'Помощь с выбором тарифа'),
    summary: t3(
      'Help for someone hesitating on a pricing table.',
      'Aider quelqu’un qui hésite devant une grille tarifaire.',
      'Помочь тому, кто сомневается над таблицей тарифов.',
    ),
    flow: flow({
      id: 'pricing-help',
      name: 'Help choosing a plan',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: t3(
            'Comparing plans? Tell me how often you head out and I will point you to one.',
            'Vous comparez les formules ? Dites-moi à quelle fréquence vous partez, je vous conseillerai.',
            'Сравниваете тарифы? Расскажите, как часто вы ходите в походы, и я подскажу подходящий.',
          ),
          replies: [
            {
              id: 'few',
              label: t3('A few times a year', 'Quelques fois par an', 'Несколько раз в год'),
              next: 'basic',
              tags: ['plan-basic'],
            },
            {
              id: 'weekends',
              label: t3('Most weekends', 'Presque tous les week-ends', 'Почти каждые выходные'),
              next: 'plus',
              tags: ['plan-plus'],
            },
            {
              id: 'guide',
              label: t3('I guide trips', 'J’encadre des sorties', 'Я вожу группы'),
              next: 'pro',
              tags: ['plan-pro'],
            },
          ],
        },
        basic: {
          type: 'end',
          text: t3(
            'Basic fits you well: member prices and free repairs, without a monthly fee.',
            'Basic vous ira très bien : prix membres et réparations gratuites, sans abonnement mensuel.',
            'Вам подойдёт Basic: цены для участников клуба и бесплатный ремонт без ежемесячной платы.',
          ),
        },
        plus: {
          type: 'end',
          text: t3(
            'Plus is the favourite for regular hikers: free rentals pay for it in about two trips.',
            'Plus est le préféré des randonneurs réguliers : la location gratuite le rentabilise en deux sorties environ.',
            'Plus — любимый тариф тех, кто ходит регулярно: бесплатный прокат окупает его примерно за два похода.',
          ),
        },
        pro: {
          type: 'end',
          text: t3(
            'Pro adds group rentals and priority repairs, made for people who lead trips.',
            'Pro ajoute la location pour les groupes et les réparations prioritaires : pensé pour ceux qui encadrent.',
            'Pro добавляет прокат для групп и ремонт вне очереди — он создан для тех, кто водит походы.',
          ),
        },
      },
    }),
    ruleTitle: t3('Reading the pricing table', 'Lecture de la grille tarifaire', 'Изучение таблицы тарифов'),
    rule: rule({
      id: 'pricing-scroll',
      name: 'Reading the pricing table',
      trigger: { signal: 'scroll-depth', atLeast: 50 },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/pricing*' }],
      flowId: 'pricing-help',
      priority: 10,
      frequency: { every: 'days', days: 7 },
    }),
  },
  {
    id: 'exit-offer',
    title: t3('Polite exit question', 'Question polie avant le départ', 'Вежливый вопрос перед уходом'),
    summary: t3(
      'An exit-intent offer that is polite about it: ask first, offer a code only if it helps.',
      'Une offre de sortie qui reste polie : d’abord une question, un code seulement s’il aide.',
      'Вежливое предложение при уходе: сначала вопрос, промокод — только если он поможет.',
    ),
    flow: flow({
      id: 'exit-offer',
      name: 'Polite exit question',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: t3(
            'Before you go: did you find what you were looking for?',
            'Avant de partir : avez-vous trouvé ce que vous cherchiez ?',
            'Прежде чем уйти: вы нашли то, что искали?',
          ),
          replies: [
            {
              id: 'found',
              label: t3('Yes, just browsing', 'Oui, je regardais juste', 'Да, просто смотрю'),
              next: 'bye',
              tags: ['browsing'],
            },
            { id: 'not-found', label: t3('Not quite', 'Pas vraiment', 'Не совсем'), next: 'what', tags: ['searching'] },
          ],
        },
        what: {
          type: 'choice',
          text: t3('Sorry about that. What were you after?', 'Désolé. Que cherchiez-vous ?', 'Жаль. А что вы искали?'),
          replies: [
            {
              id: 'pack',
              label: t3('A backpack', 'Un sac à dos', 'Рюкзак'),
              next: 'packs',
              tags: ['interest-backpacks'],
            },
            {
              id: 'fit',
              label: t3('Sizes and fit', 'Tailles et ajustement', 'Размеры и посадку'),
              next: 'fit',
              tags: ['interest-fit'],
            },
            {
              id: 'delivery',
              label: t3('Delivery costs', 'Frais de livraison', 'Стоимость доставки'),
              next: 'delivery',
              tags: ['interest-delivery'],
            },
            {
              id: 'other',
              label: t3('Something else', 'Autre chose', 'Другое'),
              next: 'tell',
              tags: ['interest-other'],
            },
          ],
        },
        tell: {
          type: 'input',
          text: t3(
            'Tell me in a few words, and we will look into it.',
            'Dites-le-moi en quelques mots, nous allons nous en occuper.',
            'Напишите в двух словах — мы разберёмся.',
          ),
          placeholder: t3('What were you looking for?', 'Que cherchiez-vous ?', 'Что вы искали?'),
          next: 'thanks',
        },
        thanks: {
          type: 'end',
          text: t3(
            'Thank you, that helps us a lot. Have a good day!',
            'Merci, cela nous aide beaucoup. Bonne journée !',
            'Спасибо, это нам очень поможет. Хорошего дня!',
          ),
        },
        bye: {
          type: 'end',
          text: t3(
            'Lovely. Enjoy the trail, and come back any time.',
            'Très bien. Bonne balade, et revenez quand vous voulez.',
            'Замечательно. Хороших прогулок, заходите в любое время.',
          ),
        },
        packs: {
          type: 'message',
          text: t3(
            'Our Backpacks page has packs from 18 to 65 litres. If it helps you decide today, here is 10 % off your first order.',
            'Notre page Sacs à dos propose des modèles de 18 à 65 litres. Si ça peut vous aider à vous décider, voici 10 % de remise sur votre première commande.',
            'На странице «Рюкзаки» есть модели от 18 до 65 литров. Если это поможет решиться сегодня, вот скидка 10 % на первый заказ.',
          ),
          next: 'code',
        },
        code: {
          type: 'action',
          action: {
            kind: 'copy-code',
            code: 'TRAIL10',
            label: t3('Copy the code', 'Copier le code', 'Скопировать код'),
          },
          next: 'packs-end',
        },
        'packs-end': {
          type: 'end',
          text: t3(
            'It works at checkout for the next 7 days. No pressure.',
            'Il est valable au paiement pendant 7 jours. Rien ne presse.',
            'Код действует при оплате ещё 7 дней. Никакой спешки.',
          ),
        },
        fit: {
          type: 'end',
          text: t3(
            'Every pack page has a fit guide by torso length. If it does not fit, returns are free.',
            'Chaque fiche produit a un guide des tailles selon la longueur du dos. S’il ne vous va pas, le retour est gratuit.',
            'На странице каждого рюкзака есть гид по размеру в зависимости от длины спины. Если не подойдёт, возврат бесплатный.',
          ),
        },
        delivery: {
          type: 'end',
          text: t3(
            'Delivery is free over €50, and €4.90 below that. Most orders arrive in 2 working days.',
            'La livraison est offerte dès 50 €, sinon elle coûte 4,90 €. La plupart des commandes arrivent sous 2 jours ouvrés.',
            'Доставка бесплатна от 50 €, дешевле — 4,90 €. Большинство заказов приходят за 2 рабочих дня.',
          ),
        },
      },
    }),
    ruleTitle: t3('Leaving any other page', 'Départ depuis une autre page', 'Уход с любой другой страницы'),
    rule: rule({
      id: 'exit-anywhere',
      name: 'Leaving any other page',
      trigger: { signal: 'exit-intent' },
      conditions: [],
      flowId: 'exit-offer',
      priority: 0,
      frequency: { every: 'days', days: 1 },
    }),
  },
  {
    id: 'looking-for',
    title: t3('What were you looking for?', 'Que cherchiez-vous ?', 'Что вы искали?'),
    summary: t3(
      '“What were you looking for?”: a learning question for someone scanning, answered in their own words.',
      '« Que cherchiez-vous ? » : une question pour apprendre, posée à qui parcourt la page en diagonale, avec une réponse libre.',
      '«Что вы искали?» — вопрос тому, кто бегло просматривает страницы; ответ — своими словами.',
    ),
    flow: flow({
      id: 'looking-for',
      name: 'What were you looking for?',
      start: 'ask',
      nodes: {
        ask: {
          type: 'input',
          text: t3(
            'Looking for something in particular? Tell me in your own words.',
            'Vous cherchez quelque chose en particulier ? Dites-le-moi avec vos mots.',
            'Ищете что-то конкретное? Напишите своими словами.',
          ),
          placeholder: t3(
            'e.g. how long delivery takes',
            'p. ex. le délai de livraison',
            'например, сколько идёт доставка',
          ),
          match: {
            intents: {
              price: {
                en: ['how much does it cost', 'price', 'is there a discount'],
                fr: ['combien ça coûte', 'prix', 'une réduction'],
                ru: ['сколько стоит', 'цена', 'есть скидка'],
              },
              delivery: {
                en: ['how long is delivery', 'shipping cost', 'when will it arrive'],
                fr: ['délai de livraison', 'frais de port', 'quand vais-je recevoir'],
                ru: ['сколько идёт доставка', 'стоимость доставки', 'когда придёт заказ'],
              },
              returns: {
                en: ['can I return it', 'refund', 'exchange a product'],
                fr: ['puis-je le retourner', 'remboursement', 'échanger un article'],
                ru: ['можно вернуть', 'возврат денег', 'обменять товар'],
              },
              'size-fit': {
                en: ['which size', 'will it fit me', 'torso length'],
                fr: ['quelle taille', 'est-ce que ça me va', 'longueur du dos'],
                ru: ['какой размер', 'подойдёт ли мне', 'длина спины'],
              },
              human: {
                en: ['talk to a person', 'customer service', 'call someone'],
                fr: ['parler à quelqu’un', 'service client', 'appeler un conseiller'],
                ru: ['поговорить с человеком', 'служба поддержки', 'позвонить оператору'],
              },
            },
            next: { price: 'price', delivery: 'delivery', returns: 'returns', 'size-fit': 'fit', human: 'human' },
            fallback: 'noted',
          },
          tags: ['asked-looking-for'],
        },
        price: {
          type: 'end',
          text: t3(
            'Prices are on each product; members of the Club pay 10 % less.',
            'Les prix figurent sur chaque produit ; les membres du Club paient 10 % de moins.',
            'Цены указаны у каждого товара; участники Клуба платят на 10 % меньше.',
          ),
        },
        delivery: {
          type: 'end',
          text: t3(
            'Delivery takes about 2 working days, free over €50.',
            'La livraison prend environ 2 jours ouvrés, offerte dès 50 €.',
            'Доставка занимает около 2 рабочих дней, от 50 € — бесплатно.',
          ),
        },
        returns: {
          type: 'end',
          text: t3(
            'Returns are free for 30 days, and refunds arrive within a week.',
            'Les retours sont gratuits pendant 30 jours, et le remboursement arrive en une semaine.',
            'Вернуть товар можно бесплатно в течение 30 дней, деньги приходят за неделю.',
          ),
        },
        fit: {
          type: 'end',
          text: t3(
            'Each pack has a fit guide by torso length, and sizes can be exchanged for free.',
            'Chaque sac a son guide des tailles selon la longueur du dos, et l’échange de taille est gratuit.',
            'У каждого рюкзака есть гид по размеру по длине спины, а размер можно бесплатно поменять.',
          ),
        },
        human: {
          type: 'action',
          text: t3(
            'Our team answers by email within a working day.',
            'Notre équipe répond par e-mail sous un jour ouvré.',
            'Наша команда отвечает по e-mail в течение рабочего дня.',
          ),
          action: {
            kind: 'handoff',
            url: 'mailto:help@northwind.example',
            label: t3('Write to the team', 'Écrire à l’équipe', 'Написать команде'),
          },
          next: 'human-end',
        },
        'human-end': {
          type: 'end',
          text: t3(
            'Thanks, they will be glad to help.',
            'Merci, ils seront ravis de vous aider.',
            'Спасибо, коллеги с радостью помогут.',
          ),
        },
        noted: {
          type: 'end',
          text: t3(
            'Thank you, noted. It helps us improve the shop.',
            'Merci, c’est noté. Cela nous aide à améliorer la boutique.',
            'Спасибо, записали. Это помогает нам делать магазин лучше.',
          ),
        },
      },
    }),
    ruleTitle: t3(
      'Ask someone scanning the shop',
      'Demander à qui parcourt la boutique en vitesse',
      'Спросить того, кто бегло просматривает магазин',
    ),
    rule: rule({
      id: 'looking-for-scan',
      name: 'Ask someone scanning the shop',
      trigger: { signal: 'scanning' },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/shop/*' }],
      flowId: 'looking-for',
      priority: 6,
      frequency: { every: 'days', days: 3 },
    }),
  },
  {
    id: 'article-newsletter',
    title: t3('Trail tips after an article', 'Conseils rando après un article', 'Походные советы после статьи'),
    summary: t3(
      'A newsletter offer after an article was read to the end.',
      'Une proposition de newsletter après un article lu jusqu’au bout.',
      'Предложение подписки после статьи, дочитанной до конца.',
    ),
    flow: flow({
      id: 'article-newsletter',
      name: 'Trail tips after an article',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: t3(
            'You read all the way down. Would one practical trail tip a week be useful?',
            'Vous avez tout lu jusqu’au bout. Un conseil pratique de rando par semaine, ça vous dirait ?',
            'Вы дочитали до конца. Хотите получать один практичный походный совет в неделю?',
          ),
          replies: [
            {
              id: 'yes',
              label: t3('Yes, please', 'Oui, volontiers', 'Да, хочу'),
              next: 'email',
              tags: ['newsletter-interested'],
            },
            { id: 'no', label: t3('No, thanks', 'Non merci', 'Нет, спасибо'), next: 'no' },
          ],
        },
        email: {
          type: 'input',
          input: 'email',
          text: t3('Where should I send it?', 'À quelle adresse vous l’envoyer ?', 'Куда его присылать?'),
          placeholder: t3('you@example.com', 'vous@exemple.fr', 'vy@primer.ru'),
          attribute: 'email',
          tags: ['newsletter'],
          next: 'yes',
        },
        yes: {
          type: 'end',
          text: t3(
            'Done. First tip on Monday; one click unsubscribes.',
            'C’est fait. Premier conseil lundi ; un clic suffit pour se désabonner.',
            'Готово. Первый совет — в понедельник; отписаться можно в один клик.',
          ),
        },
        no: {
          type: 'end',
          text: t3('No problem. Happy reading!', 'Pas de souci. Bonne lecture !', 'Без проблем. Приятного чтения!'),
        },
      },
    }),
    ruleTitle: t3('Finished an article', 'Article lu jusqu’au bout', 'Статья дочитана'),
    rule: rule({
      id: 'article-end',
      name: 'Finished an article',
      trigger: { signal: 'scroll-depth', atLeast: 100 },
      conditions: [
        { kind: 'url', match: 'glob', pattern: '/journal/*' },
        { kind: 'visitor-tag', tag: 'newsletter', present: false },
      ],
      flowId: 'article-newsletter',
      priority: 5,
      frequency: { every: 'days', days: 30 },
    }),
  },
];

/** A template by id. */
export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

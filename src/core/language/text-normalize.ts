/**
 * Text normalisation for free-text intent matching in English, French and Russian.
 *
 * The pipeline, each step exported so it can be tested on its own:
 *
 * 1. `foldText` — lower-case; Unicode NFKD and removal of combining marks on Latin letters
 *    ("Réduc" → "reduc", "ÇA" → "ca"); Cyrillic keeps its letters ("й" stays "й") except
 *    "ё" → "е"; ligatures "œ", "æ", "ß" are spelled out; every apostrophe becomes "'".
 * 2. `tokenize` — words are runs of letters or of digits ("1m80" → "1", "m", "80"); every other
 *    character (punctuation, emoji, symbols, apostrophes) separates words. French elisions
 *    ("l'article", "qu'est") thus become a separate one- or two-letter stop word.
 * 3. `isStopWord` — a small list of function words per language (articles, pronouns,
 *    auxiliaries, prepositions, politeness). Deliberately short: content-bearing question words
 *    such as "how", "when", "combien", "сколько" are kept.
 * 4. `stem` — a light suffix stripper per language: compact English and French strippers in the
 *    spirit of Snowball's light stemmers, and the Snowball Russian algorithm (RV/R2 regions,
 *    gerund, reflexive, adjectival, verb and noun endings). It only needs to map the word forms
 *    a visitor types onto one key: "доставка/доставки/доставку/доставкой" → "доставк",
 *    "livraison/livrer/livré" → "livr", "returns/returning/returned" → "return".
 * 5. `conceptsOf` — intent-agnostic synonym classes of everyday shop vocabulary ("coupon",
 *    "réduc", "скидка" → "discount"), so a visitor's word can meet an example's synonym. A class
 *    only helps when some example of the flow has a word of it.
 * 6. `charNgrams` — character n-grams of a word padded with "#" at both ends ("size" → "#si",
 *    "siz", "ize", "ze#"), so typos and word forms the stemmer misses still match in part.
 *
 * Pure functions over read-only tables built at load time: safe in the background script and in
 * Node tests.
 */

export type Lang = 'en' | 'fr' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'fr', 'ru'];

// ---------------------------------------------------------------- folding and tokens

const LATIN_WITH_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC\u0060\u00B4]/g;
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower-cases and folds accents of Latin letters; "ё" → "е"; keeps Cyrillic "й". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(LATIN_WITH_MARKS, '$1')
    .normalize('NFC')
    .replace(/ё/g, 'е')
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .replace(APOSTROPHES, "'");
}

const WORD = /\p{L}+|\p{N}+/gu;

/** Folded words of `text`: runs of letters or of digits; everything else separates them. */
export function tokenize(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}

/** True when the text contains more Cyrillic than Latin letters. */
export function isMostlyCyrillic(text: string): boolean {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (/\p{Script=Cyrillic}/u.test(ch)) cyr++;
    else if (/\p{Script=Latin}/u.test(ch)) lat++;
  }
  return cyr > lat;
}

// ---------------------------------------------------------------- stop words

/** Written folded (no accents, "ё" as "е"), as `tokenize` returns words. */
const STOP_WORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    (
      'a an the i im m me my mine you u your yours we us our it its is are am be been was were ' +
      'to of for in on at by and or but so if do does did doing dont don t s d ll ve re not ' +
      'this that these those there here just also very really any some please pls plz thanks ' +
      'thank hi hello hey ok okay would could should will shall can may might must have has had'
    ).split(' '),
  ),
  fr: new Set(
    (
      'a au aux le la les l un une des du de d et ou je j tu il elle on nous vous ils elles me ' +
      'm moi te t toi se s ce c ca cet cette ces mon ma mes ton ta tes son sa ses notre nos ' +
      'votre vos leur leurs est sont suis es etes ai as avez avons ont y en pour par sur dans ' +
      'avec pas ne n qu que qui quoi si svp stp merci bonjour salut oui non lui eux quelque chose truc'
    ).split(' '),
  ),
  ru: new Set(
    (
      'и в во на с со к ко по за из от до у о об а но или ли же бы не ни я ты он она оно мы вы ' +
      'они мне меня мой моя мое мои твой ваш ваша ваше ваши вас вам нам нас его ее их это этот ' +
      'эта эти то тот та те как что так вот тут там уже еще есть пожалуйста здравствуйте привет ' +
      'спасибо да нет ну же весь вся все всего почти нибудь либо'
    ).split(' '),
  ),
};

export function isStopWord(word: string, lang: Lang): boolean {
  return STOP_WORDS[lang].has(word);
}

// ---------------------------------------------------------------- stemmers

const EN_VOWEL = /[aeiouy]/;
const DOUBLE_CONSONANT = /([bcdfgkmnprt])\1$/;

/** Longest suffix of `list` that `word` ends with and leaves at least `minStem` letters. */
function longestSuffix(word: string, list: readonly string[], minStem: number): string | null {
  let best: string | null = null;
  for (const suf of list) {
    if (word.length - suf.length >= minStem && word.endsWith(suf) && (best === null || suf.length > best.length)) {
      best = suf;
    }
  }
  return best;
}

const EN_DERIVATIONAL = [
  'izations',
  'ization',
  'ations',
  'ation',
  'ments',
  'ment',
  'ness',
  'ful',
  'able',
  'ible',
  'ive',
  'ery',
  'er',
  'ers',
  'est',
  'ly',
  'y',
  'e',
];

/** English: plural and -ed/-ing, then up to two derivational suffixes ("measurements" → "measur"). */
function stemEn(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith("'")) w = w.slice(0, -1);
  for (const suf of ['ing', 'ed']) {
    const base = w.slice(0, -suf.length);
    if (w.endsWith(suf) && !w.endsWith('eed') && base.length >= 3 && EN_VOWEL.test(base)) {
      w = DOUBLE_CONSONANT.test(base) ? base.slice(0, -1) : base;
      break;
    }
  }
  for (let round = 0; round < 2; round++) {
    const suf = longestSuffix(w, EN_DERIVATIONAL, 3);
    if (suf === null || !EN_VOWEL.test(w.slice(0, -suf.length))) break;
    w = w.slice(0, -suf.length);
    if (DOUBLE_CONSONANT.test(w)) w = w.slice(0, -1);
  }
  return w;
}

const FR_SUFFIXES = [
  // derivational
  'issements',
  'issement',
  'atrices',
  'atrice',
  'ateurs',
  'ateur',
  'ations',
  'ation',
  'ements',
  'ement',
  'ments',
  'ment',
  'aisons',
  'aison',
  'itions',
  'ition',
  'euses',
  'euse',
  'eux',
  'ables',
  'able',
  'ites',
  'ite',
  'ives',
  'ive',
  'ifs',
  'if',
  'ances',
  'ance',
  'ences',
  'ence',
  'iques',
  'ique',
  'ismes',
  'isme',
  'istes',
  'iste',
  'ieres',
  'iere',
  'iers',
  'ier',
  'eres',
  'ere',
  // verb endings (infinitive, present, future, conditional, imperfect, participles)
  'erions',
  'eriez',
  'eraient',
  'erons',
  'eront',
  'erais',
  'erait',
  'erai',
  'eras',
  'era',
  'erez',
  'iez',
  'ions',
  'ons',
  'ez',
  'aient',
  'ait',
  'ais',
  'ant',
  'ants',
  'ante',
  'antes',
  'er',
  'ir',
  'oir',
  'ees',
  'ee',
  'es',
  'e',
  'ie',
  'ies',
  'is',
  'it',
  'i',
];

/**
 * French (accents already folded): the longest listed suffix; when none ends the word, a final
 * plural "s"/"x" is dropped and the list is tried once more ("retours" → "retour",
 * "livraisons" → "livr").
 */
function stemFr(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  let suf = longestSuffix(w, FR_SUFFIXES, 3);
  if (suf === null && /[sx]$/.test(w) && !w.endsWith('ss')) {
    w = w.slice(0, -1);
    suf = longestSuffix(w, FR_SUFFIXES, 3);
  }
  return suf === null ? w : w.slice(0, -suf.length);
}

// Snowball Russian (https://snowballstem.org/algorithms/russian/stemmer.html), with ё folded.
const RU_VOWELS = 'аеиоуыэюя';
const RU_PERFECTIVE_GERUND_1 = ['в', 'вши', 'вшись'];
const RU_PERFECTIVE_GERUND_2 = ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись'];
const RU_ADJECTIVE = [
  'ее',
  'ие',
  'ые',
  'ое',
  'ими',
  'ыми',
  'ей',
  'ий',
  'ый',
  'ой',
  'ем',
  'им',
  'ым',
  'ом',
  'его',
  'ого',
  'ему',
  'ому',
  'их',
  'ых',
  'ую',
  'юю',
  'ая',
  'яя',
  'ою',
  'ею',
];
const RU_PARTICIPLE_1 = ['ем', 'нн', 'вш', 'ющ', 'щ'];
const RU_PARTICIPLE_2 = ['ивш', 'ывш', 'ующ'];
const RU_REFLEXIVE = ['ся', 'сь'];
const RU_VERB_1 = [
  'ла',
  'на',
  'ете',
  'йте',
  'ли',
  'й',
  'л',
  'ем',
  'н',
  'ло',
  'но',
  'ет',
  'ют',
  'ны',
  'ть',
  'ешь',
  'нно',
];
const RU_VERB_2 = [
  'ила',
  'ыла',
  'ена',
  'ейте',
  'уйте',
  'ите',
  'или',
  'ыли',
  'ей',
  'уй',
  'ил',
  'ыл',
  'им',
  'ым',
  'ен',
  'ило',
  'ыло',
  'ено',
  'ят',
  'ует',
  'уют',
  'ит',
  'ыт',
  'ены',
  'ить',
  'ыть',
  'ишь',
  'ую',
  'ю',
];
const RU_NOUN = [
  'а',
  'ев',
  'ов',
  'ие',
  'ье',
  'е',
  'иями',
  'ями',
  'ами',
  'еи',
  'ии',
  'и',
  'ией',
  'ей',
  'ой',
  'ий',
  'й',
  'иям',
  'ям',
  'ием',
  'ем',
  'ам',
  'ом',
  'о',
  'у',
  'ах',
  'иях',
  'ях',
  'ы',
  'ь',
  'ию',
  'ью',
  'ю',
  'ия',
  'ья',
  'я',
];
const RU_SUPERLATIVE = ['ейше', 'ейш'];
const RU_DERIVATIONAL = ['ость', 'ост'];

/**
 * Removes the longest ending of `list` that lies at or after `from`. With `afterAYa`, the ending
 * must follow "а" or "я" (also at or after `from`), which stays. Returns the shortened word or null.
 */
function ruStrip(word: string, from: number, list: readonly string[], afterAYa = false): string | null {
  let best = -1;
  for (const suf of list) {
    const at = word.length - suf.length;
    if (suf.length <= best || at < from || !word.endsWith(suf)) continue;
    if (afterAYa) {
      const prev = word[at - 1];
      if (at - 1 < from || (prev !== 'а' && prev !== 'я')) continue;
    }
    best = suf.length;
  }
  return best < 0 ? null : word.slice(0, word.length - best);
}

/** Strips group-1 (after а/я) or group-2 endings, whichever is longer. */
function ruStripGroups(word: string, from: number, g1: readonly string[], g2: readonly string[]): string | null {
  const a = ruStrip(word, from, g1, true);
  const b = ruStrip(word, from, g2);
  if (a === null) return b;
  if (b === null) return a;
  return a.length <= b.length ? a : b;
}

function stemRu(word: string): string {
  const isV = (c: string | undefined) => c !== undefined && RU_VOWELS.includes(c);
  // RV: after the first vowel. R1: after the first non-vowel following a vowel; R2: same in R1.
  let rv = word.length;
  for (let i = 0; i < word.length; i++)
    if (isV(word[i])) {
      rv = i + 1;
      break;
    }
  const regionAfter = (start: number) => {
    for (let i = start + 1; i < word.length; i++) if (!isV(word[i]) && isV(word[i - 1])) return i + 1;
    return word.length;
  };
  const r2 = regionAfter(regionAfter(0));

  let w = word;
  // Step 1.
  const gerund = ruStripGroups(w, rv, RU_PERFECTIVE_GERUND_1, RU_PERFECTIVE_GERUND_2);
  if (gerund !== null) {
    w = gerund;
  } else {
    w = ruStrip(w, rv, RU_REFLEXIVE) ?? w;
    const adjective = ruStrip(w, rv, RU_ADJECTIVE);
    if (adjective !== null) {
      w = ruStripGroups(adjective, rv, RU_PARTICIPLE_1, RU_PARTICIPLE_2) ?? adjective;
    } else {
      w = ruStripGroups(w, rv, RU_VERB_1, RU_VERB_2) ?? ruStrip(w, rv, RU_NOUN) ?? w;
    }
  }
  // Step 2.
  if (w.endsWith('и') && w.length - 1 >= rv) w = w.slice(0, -1);
  // Step 3.
  w = ruStrip(w, r2, RU_DERIVATIONAL) ?? w;
  // Step 4.
  if (w.endsWith('нн') && w.length - 2 >= rv) {
    w = w.slice(0, -1);
  } else {
    const sup = ruStrip(w, rv, RU_SUPERLATIVE);
    if (sup !== null) {
      w = sup;
      if (w.endsWith('нн') && w.length - 2 >= rv) w = w.slice(0, -1);
    } else if (w.endsWith('ь') && w.length - 1 >= rv) {
      w = w.slice(0, -1);
    }
  }
  return w;
}

/** Stem of one folded word. Words with digits are returned unchanged. */
export function stem(word: string, lang: Lang): string {
  if (/\d/.test(word)) return word;
  switch (lang) {
    case 'en':
      return stemEn(word);
    case 'fr':
      return stemFr(word);
    case 'ru':
      return stemRu(word);
  }
}

// ---------------------------------------------------------------- concepts (synonym classes)

/**
 * Intent-agnostic synonym classes of everyday shop vocabulary. A word of a class adds the class
 * ("@price", "@person", …) as an extra feature, so "coupon" meets "discount", "parcel" meets
 * "package" and "кеды" meet "кроссовки" although no example says so. The classes say nothing about
 * intents: which intent a class points to is still learned from the examples.
 *
 * Syntax, per language, whitespace-separated: `word` matches the word's forms (same stem);
 * `pref*` matches folded words starting with `pref`; `a_b` is a phrase of consecutive words
 * (stop words included; its last word may end with `*`). Written folded (no accents, ё as е).
 */
const CONCEPTS: Record<string, Record<Lang, string>> = {
  price: {
    en: 'price cost pricey expensive cheap cheaper afford affordable budget pay paying worth euro euros dollar dollars usd eur bucks how_much',
    fr: 'prix cout couter coute cher chere tarif tarifs montant payer euro euros dollar dollars budget abordable onereux ca_fait_combien combien_ca combien_coute',
    ru: 'цен* стоит стоить стоимост* почем дорог* дешев* подешевле бюджет* платн* оплат* рубл* евро доллар* сколько_стоит',
  },
  discount: {
    en: 'discount discounts coupon coupons voucher vouchers promo promotion promocode sale sales deal deals offer offers clearance rebate markdown reduced black_friday',
    fr: 'reduc reduction reductions remise remises promo promos promotion promotions solde soldes rabais coupon coupons offre offres bon_plan bons_plans code_promo destockage',
    ru: 'скидк* скидочк* промокод* купон* акци* распродаж* уценк* предложени* черная_пятница',
  },
  tax: {
    en: 'tax taxes vat duty duties customs incl including',
    fr: 'taxe taxes tva ttc ht douane douanes',
    ru: 'ндс налог* пошлин* растаможк*',
  },
  delivery: {
    en: 'deliver delivery deliveries ship shipping shipment shipped dispatch dispatched courier postage post mail express carrier ups dhl fedex usps',
    fr: 'livrer livraison livraisons livre expedier expedition expedie envoi envoye coursier poste transporteur chronopost colissimo port frais_de_port acheminement',
    ru: 'достав* привез* привоз* отправ* отправк* курьер* почта почтой почту почты пересылк* пересыла* сдэк самовывоз* транспортн* экспресс*',
  },
  parcel: {
    en: 'package packages parcel parcels box order orders',
    fr: 'colis paquet commande commandes',
    ru: 'посылк* заказ* коробк* бандерол*',
  },
  track: {
    en: 'track tracking trace status where_is where_s',
    fr: 'suivi suivre tracking tracer statut ou_est ou_en_est',
    ru: 'отслед* трек* статус* где_мой где_моя',
  },
  arrive: {
    en: 'arrive arrived arrival arriving receive received get_here come late eta',
    fr: 'arriver arrive arrivee recevoir recois recu recue reception retard',
    ru: 'придет прийти пришл* пришел дойдет дошл* получ* приход* задерж* опазд*',
  },
  time: {
    en: 'day days week weeks long how_long soon fast quickly quick when',
    fr: 'jour jours semaine semaines delai delais vite rapide rapidement quand combien_de_temps',
    ru: 'дн* день недел* срок* быстр* скоро долго когда',
  },
  place: {
    en: 'abroad international internationally overseas worldwide country countries europe usa america canada uk england britain germany france spain italy australia belgium switzerland',
    fr: 'etranger international internationale pays europe france belgique suisse canada allemagne espagne italie angleterre usa paris lyon marseille quebec',
    ru: 'границ* рубеж* международн* страна страны страну европ* росси* казахстан* беларус* минск* москв* спб петербург* германи* украин* регион*',
  },
  return: {
    en: 'return returns returned returning refund refunds refunded reimburse reimbursement exchange swap replace replacement send_back money_back',
    fr: 'retour retours retourner rembourse remboursement rembourser echange echanger renvoyer renvoi remplacer remplacement reprise',
    ru: 'возврат* вернут* верну* возвращ* обмен* поменя* замен* деньги_назад отправить_обратно',
  },
  damaged: {
    en: 'damaged broken defective faulty torn ripped scratched stained wrong missing doesn_t_work doesnt_work not_working',
    fr: 'abime abimee casse cassee defectueux defectueuse dechire dechiree endommage endommagee mauvais mauvaise tache raye manquant marche_pas',
    ru: 'поврежд* слома* брак* порва* разбит* испорч* дефект* треснут* не_работает не_тот не_та не_то',
  },
  size: {
    en: 'size sizes sizing fit fits fitting measurement measurements measure chart small large medium big tight loose baggy narrow wide long short slim skinny oversized length waist chest hips sleeve inseam xs xl xxl tall height weight cm kg inch inches true_to_size run_small run_large',
    fr: 'taille tailles pointure mesure mesures mensurations grand grande petit petite serre serree ample large etroit etroite long longue court courte moulant oversize ajuste ajustee longueur poitrine hanches manche manches cm kg m_aller m_ira va_m_aller',
    ru: 'размер* маломер* большемер* мерк* замер* рост* вес веса весом тали* обхват* длин* коротк* рукав* узк* широк* свободн* облега* обтяжк* оверсайз налез* сидит сидят сетк* см кг',
  },
  person: {
    en: 'person people human someone somebody agent representative rep operator staff employee advisor assistant consultant manager support service real bot robot',
    fr: 'personne humain humaine quelqu_un vendeur vendeuse agent operateur operatrice equipe support service vrai vraie robot bot assistance',
    ru: 'человек* люд* живо* оператор* менеджер* консультант* продав* сотрудник* специалист* поддержк* служб* бот робот* кто_то кем_то кого_то',
  },
  contact: {
    en: 'call calls phone telephone contact reach chat talk speak email e_mail',
    fr: 'appeler appelez rappeler rappelez telephone contacter contact joindre discuter parler email mail courriel',
    ru: 'позвон* перезвон* звон* телефон* связ* контакт* поговор* поболта* пообща* чат* email емейл имейл мейл',
  },
  recommend: {
    en: 'recommend recommendation suggest suggestion suggestions advise advice choose pick find looking search idea ideas best popular bestseller best_seller similar alternative',
    fr: 'recommander recommandez recommandation suggerer suggestion suggestions choisir choix trouver chercher cherche recherche idee idees meilleur meilleure populaire similaire pareil',
    ru: 'посовет* порекоменд* рекоменд* подобр* выбр* выбор* ищу иска* найти найд* идея идеи идею идей лучш* популярн* похож* аналог* такой_же такая_же такое_же',
  },
  gift: {
    en: 'gift gifts present presents birthday christmas anniversary',
    fr: 'cadeau cadeaux offrir anniversaire noel fete',
    ru: 'подар* день_рождения праздник* новый_год',
  },
  recipient: {
    en: 'mom mum mother dad father wife husband boyfriend girlfriend son daughter kid kids child children baby friend sister brother grandma grandpa colleague',
    fr: 'mere maman pere papa femme mari copain copine fils fille enfant enfants bebe ami amie soeur frere grand_mere collegue',
    ru: 'мам* пап* жен* муж* парн* парен* девушк* сын* доч* ребен* дети детей детям детск* малыш* друз* подруг* сестр* брат* бабушк* дедушк* коллег*',
  },
  goods: {
    en: 'shoes sneakers trainers boots sandals jacket coat dress dresses shirt tshirt jeans pants trousers skirt sweater jumper hoodie bag backpack hat socks',
    fr: 'chaussure chaussures baskets bottes sandales veste manteau robe chemise tshirt jean jeans pantalon jupe pull sweat sac chapeau chaussettes montre',
    ru: 'обув* кроссовк* кед* ботин* сапог* сандал* куртк* пальто плать* рубашк* футболк* джинс* брюк* юбк* свитер* худи толстовк* сумк* рюкзак* шапк* носк*',
  },
  buy: {
    en: 'buy buying bought purchase purchasing shop shopping',
    fr: 'acheter achete achat achats shopping',
    ru: 'куп* покуп* приобр* шопинг*',
  },
  occasion: {
    en: 'wedding party holiday holidays vacation trip travel winter summer spring autumn season hiking running beach office',
    fr: 'mariage fete soiree vacances voyage hiver ete printemps automne saison rando randonnee course plage bureau',
    ru: 'свадьб* вечеринк* праздник* отпуск* поездк* путешеств* зим* лето летом летн* весн* осен* сезон* поход* бег* пляж* офис*',
  },
  weekday: {
    en: 'monday tuesday wednesday thursday friday saturday sunday weekend weekends',
    fr: 'lundi mardi mercredi jeudi vendredi samedi dimanche weekend week_end',
    ru: 'понедельник* вторник* четверг* пятниц* суббот* воскресень* выходн*',
  },
  material: {
    en: 'cotton wool leather silk linen denim waterproof warm breathable',
    fr: 'coton laine cuir soie lin impermeable chaud chaude respirant',
    ru: 'хлоп* шерст* кож* шелк* льнян* непромока* тепл* утепл*',
  },
  color: {
    en: 'color colour colors colours red blue black white green yellow pink grey gray brown beige navy purple orange',
    fr: 'couleur couleurs coloris rouge bleu bleue noir noire blanc blanche vert verte jaune rose gris grise marron beige violet orange',
    ru: 'цвет* красн* син* черн* бел* зелен* желт* розов* серый серая серое серого коричнев* бежев* фиолетов* оранжев*',
  },
};

interface ConceptIndex {
  /** stem of a listed word → classes */
  byStem: Map<string, string[]>;
  prefixes: { prefix: string; concept: string }[];
  phrases: { words: string[]; concept: string }[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

function buildConceptIndex(lang: Lang): ConceptIndex {
  const index: ConceptIndex = { byStem: new Map(), prefixes: [], phrases: [] };
  for (const [concept, byLang] of Object.entries(CONCEPTS)) {
    for (const entry of byLang[lang].split(/\s+/)) {
      if (entry === '') continue;
      if (entry.includes('_')) index.phrases.push({ words: entry.split('_'), concept });
      else if (entry.endsWith('*')) index.prefixes.push({ prefix: entry.slice(0, -1), concept });
      else push(index.byStem, stem(entry, lang), concept);
    }
  }
  return index;
}

/** Built once when the module loads; read-only afterwards. */
const CONCEPT_INDEXES: Readonly<Record<Lang, ConceptIndex>> = {
  en: buildConceptIndex('en'),
  fr: buildConceptIndex('fr'),
  ru: buildConceptIndex('ru'),
};

function wordMatches(pattern: string, word: string): boolean {
  return pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;
}

/**
 * Synonym classes found in a text, each once, in order of appearance: single words are looked up
 * among content words (by stem or prefix), phrases among all words; numbers give "num".
 */
export function conceptsOf(tokens: readonly string[], lang: Lang): string[] {
  const index = CONCEPT_INDEXES[lang];
  const found: string[] = [];
  const add = (c: string) => {
    if (!found.includes(c)) found.push(c);
  };
  tokens.forEach((token, i) => {
    for (const { words, concept } of index.phrases) {
      if (words.every((w, k) => tokens[i + k] !== undefined && wordMatches(w, tokens[i + k]!))) add(concept);
    }
    if (isStopWord(token, lang)) return;
    if (/^\d+$/.test(token)) {
      add('num');
      return;
    }
    for (const c of index.byStem.get(stem(token, lang)) ?? []) add(c);
    for (const { prefix, concept } of index.prefixes) if (token.startsWith(prefix)) add(concept);
  });
  return found;
}

// ---------------------------------------------------------------- n-grams

/** Character n-grams of one word padded with "#" ("ok", 3 → "#ok", "ok#"); whole word if short. */
export function charNgrams(word: string, n = 3): string[] {
  const padded = `#${word}#`;
  const chars = Array.from(padded);
  if (chars.length <= n) return [padded];
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

// ---------------------------------------------------------------- analysis

/** What the matcher reads from one text. */
export interface Analysis {
  /** Folded content words (stop words removed). */
  words: string[];
  /** Their stems, in the same order. */
  stems: string[];
  /** Synonym classes of the text (`conceptsOf`). */
  concepts: string[];
}

/** Tokens minus stop words, with their stems and synonym classes. Numbers are kept. */
export function analyze(text: string, lang: Lang): Analysis {
  const tokens = tokenize(text);
  const words = tokens.filter((w) => !isStopWord(w, lang));
  return { words, stems: words.map((w) => stem(w, lang)), concepts: conceptsOf(tokens, lang) };
}

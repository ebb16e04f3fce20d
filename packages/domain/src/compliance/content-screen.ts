/**
 * 内容筛查 content screening (cn.content-screen, us.content-screen): finds prohibited phrases
 * — threats, insults, impersonating police/courts/government, invented blacklists, exaggerated
 * legal consequences, pushing new borrowing, disclosure to third parties — in templates, outgoing
 * text and notes. It only finds; the gate decides (BLOCK on templates and outgoing text, WARN on
 * notes).
 *
 * Matching works on a normalised copy of the text and reports positions in the original:
 *   - each character is NFKC-normalised (full-width 'ＪＡＩＬ' → 'jail') and lower-cased;
 *   - whitespace, symbols and in-word punctuation (` * - _ . / | ~ ' `, zero-width characters)
 *     are skipped, so '坐 牢', '坐*牢', '坐-牢', 'j.a.i.l' and 'j a i l' all match;
 *   - clause punctuation (, ; : ! ? 、 。 brackets), line breaks and a full stop that ends an
 *     English sentence end a phrase, so '请坐。牢记还款日' is not 坐牢 and 'the police. Will you'
 *     is not 'police will';
 *   - a phrase that starts or ends with a Latin letter or digit matches only at a word boundary
 *     ('arrest' is not found in 'arrested', 'arrears' or 'car rest'); inflected forms are listed
 *     as their own phrases. A space inside a Latin match must be where the phrase has one, or
 *     beside a lone letter ('j a i l'), so 'worth less' is not 'worthless'. Chinese has no word
 *     spaces, so Han phrases match anywhere.
 * Phrases are plain substrings: the lists are chosen so that the statements a collector must
 * make — the institution's name, amount and due date, fees, that overdue records are reported to
 * the credit system (逾期记录将按规定报送征信系统), that the lender may sue lawfully
 * (我司可能依法向法院提起诉讼) — never match. That is why 起诉, 诉讼, 法院 and 征信 alone are not
 * phrases, while 坐牢, 法院传票 and 黑名单 are.
 */
import type { LocalizedText } from './rule-pack.js';

/** 筛查类别 the kinds of prohibited content. */
export const SCREENING_CATEGORIES = [
  'threat', // 威胁恐吓
  'insult', // 侮辱谩骂
  'impersonation', // 冒充公检法/政府
  'fake-blacklist', // 虚构黑名单/征信恐吓
  'legal-exaggeration', // 夸大法律后果
  'new-borrowing', // 诱导借新还旧
  'third-party-disclosure', // 向第三方披露/曝光
] as const;

/** 筛查类别 one kind of prohibited content. */
export type ScreeningCategory = (typeof SCREENING_CATEGORIES)[number];

/** The language a phrase is written in. */
export type ScreeningLocale = keyof LocalizedText;

/** Where a phrase comes from: Huikuan's list or the institution's own additions. */
export type ScreeningPhraseSource = 'built-in' | 'institution';

/** 禁用表述 one screened phrase. */
export interface ScreeningPhrase {
  phrase: string;
  category: ScreeningCategory;
  locale: ScreeningLocale;
  source: ScreeningPhraseSource;
}

/** 命中 a screened phrase found in a text; `start`/`end` are UTF-16 indices into the original text, end exclusive. */
export interface ScreenMatch {
  category: ScreeningCategory;
  phrase: string;
  locale: ScreeningLocale;
  source: ScreeningPhraseSource;
  reason: LocalizedText;
  start: number;
  end: number;
}

/** The name of each category, for lists and filters. */
export const SCREENING_CATEGORY_LABELS: Readonly<Record<ScreeningCategory, LocalizedText>> = {
  threat: { 'zh-CN': '威胁恐吓', 'en-US': 'Threats' },
  insult: { 'zh-CN': '侮辱谩骂', 'en-US': 'Insults' },
  impersonation: { 'zh-CN': '冒充公检法/政府', 'en-US': 'Impersonating police, courts or government' },
  'fake-blacklist': { 'zh-CN': '虚构黑名单/征信恐吓', 'en-US': 'Invented blacklists and credit scares' },
  'legal-exaggeration': { 'zh-CN': '夸大法律后果', 'en-US': 'Exaggerated legal consequences' },
  'new-borrowing': { 'zh-CN': '诱导借新还旧', 'en-US': 'Pushing new borrowing to repay' },
  'third-party-disclosure': { 'zh-CN': '向第三方披露/曝光', 'en-US': 'Disclosure to third parties' },
};

/**
 * Why each category is prohibited, shown with every match.
 * cn: 小额贷款公司监督管理暂行办法 (2024) (s); CBA 2026 (s); Criminal Law Art. 293-1 (催收非法债务罪).
 * us: FDCPA §806 / Reg F §1006.14 (violence, abusive language); §807 / §1006.18 (government
 * affiliation, arrest or imprisonment, actions not intended); §805(b) / §1006.6(d) (third parties).
 */
export const SCREENING_REASONS: Readonly<Record<ScreeningCategory, LocalizedText>> = {
  threat: {
    'zh-CN': '以人身、财产安全威胁恐吓债务人或其亲友属于暴力催收,法律和监管明令禁止。',
    'en-US':
      'Threatening the debtor or their family with harm to their person or property is violent collection and is prohibited.',
  },
  insult: {
    'zh-CN': '侮辱、谩骂或贬低债务人人格属于禁止的催收行为。',
    'en-US': 'Insulting, swearing at or demeaning the debtor is a prohibited collection practice.',
  },
  impersonation: {
    'zh-CN': '冒充公安、检察院、法院或政府工作人员进行催收是违法行为。',
    'en-US':
      'Posing as the police, prosecutors, a court or a government official to collect a debt is unlawful.',
  },
  'fake-blacklist': {
    'zh-CN': '不得虚构"黑名单"或夸大征信后果;逾期信息只能按规定如实报送征信系统。',
    'en-US':
      'Inventing blacklists or overstating credit consequences is prohibited; overdue records may only be reported truthfully to credit bureaus.',
  },
  'legal-exaggeration': {
    'zh-CN': '借款逾期属于民事纠纷,不得以坐牢、拘留、刑事追责等不实法律后果恐吓债务人。',
    'en-US':
      'A late loan is a civil matter; threatening arrest, jail or criminal charges misstates the legal consequences and is prohibited.',
  },
  'new-borrowing': {
    'zh-CN': '不得诱导债务人借新还旧、以贷养贷或通过其他借贷渠道筹款还款。',
    'en-US': 'Pressing the debtor to take out new loans or other credit to repay is prohibited.',
  },
  'third-party-disclosure': {
    'zh-CN': '不得向债务人以外的第三方披露债务信息,或以曝光、联系通讯录等方式施压。',
    'en-US':
      'Disclosing the debt to third parties, or pressuring the debtor by public exposure or by contacting their contacts, is prohibited.',
  },
};

const builtIn = (
  locale: ScreeningLocale,
  category: ScreeningCategory,
  phrases: readonly string[],
): ScreeningPhrase[] =>
  phrases.map((phrase) => Object.freeze({ phrase, category, locale, source: 'built-in' }));

/**
 * 内置禁用词库 the built-in phrase list, zh-CN and en-US, the kind regulators and industry
 * conventions cite for 暴力催收 and abusive collection. Institutions add their own phrases
 * (validateInstitutionPhrase) and screen with both lists together.
 */
export const BUILT_IN_PHRASES: readonly ScreeningPhrase[] = Object.freeze([
  ...builtIn('zh-CN', 'threat', [
    '弄死',
    '打死你',
    '砍死你',
    '废了你',
    '打断你的腿',
    '让你好看',
    '让你家破人亡',
    '后果自负',
    '走着瞧',
    '出门小心',
    '别想好过',
    '收拾你',
    '泼油漆',
    '找人堵你',
    '不得好死',
  ]),
  ...builtIn('zh-CN', 'insult', [
    '废物',
    '老赖',
    '人渣',
    '不要脸',
    '畜生',
    '王八蛋',
    '混蛋',
    '去死',
    '死全家',
    '脑残',
    '傻逼',
    '傻b',
    '白痴',
    '贱人',
    '狗东西',
    '败类',
    '无赖',
    '卖肾',
    '卖血',
  ]),
  ...builtIn('zh-CN', 'impersonation', [
    '公检法',
    '公安局',
    '公安机关',
    '派出所',
    '警察',
    '民警',
    '警官',
    '网警',
    '经侦',
    '检察院',
    '法官',
    '法院传票',
    '传票',
    '执行局',
    '法院工作人员',
    '我们是法院',
    '政府工作人员',
  ]),
  ...builtIn('zh-CN', 'fake-blacklist', [
    '黑名单',
    '失信名单',
    '一辈子贷不了款',
    '永远贷不了款',
    '终身不能贷款',
    '影响子女上学',
    '孩子上不了学',
    '子女考公',
    '政审不过',
    '不能坐飞机',
    '不能坐高铁',
    '坐不了飞机',
    '坐不了高铁',
    '征信永久',
    '征信全花',
  ]),
  ...builtIn('zh-CN', 'legal-exaggeration', [
    '坐牢',
    '判刑',
    '刑拘',
    '拘留',
    '抓你',
    '抓人',
    '通缉',
    '全国通缉',
    '监狱',
    '牢饭',
    '案底',
    '刑事责任',
    '立案侦查',
    '诈骗罪',
    '涉嫌诈骗',
    '恶意透支',
    '查封你的房子',
    '冻结你的银行卡',
    '冻结你名下',
  ]),
  ...builtIn('zh-CN', 'new-borrowing', [
    '以贷养贷',
    '借新还旧',
    '拆东墙补西墙',
    '网贷平台借',
    '别的平台借',
    '其他平台借',
    '借网贷',
    '撸口子',
    '下款快的平台',
    '信用卡套现',
    '套现还',
    '刷信用卡还',
    '用花呗还',
    '用借呗还',
    '找亲戚朋友借',
    '借高利贷',
  ]),
  ...builtIn('zh-CN', 'third-party-disclosure', [
    '通讯录',
    '爆通讯录',
    '曝光',
    '发朋友圈',
    '挂到网上',
    '挂网上',
    '发到群里',
    '大字报',
    '你家人',
    '你同事',
    '你领导',
    '去你单位',
    '联系你单位',
    '告诉你老板',
    '全村都知道',
    '让所有人知道',
    '公开你的信息',
    '悬赏',
  ]),
  ...builtIn('en-US', 'threat', [
    'kill you',
    'hurt you',
    'beat you up',
    'break your legs',
    'burn your house',
    'watch your back',
    'we know where you live',
    'i know where you live',
    'you will regret',
    "you'll regret",
    'you will be sorry',
    "you'll be sorry",
  ]),
  ...builtIn('en-US', 'insult', [
    'idiot',
    'deadbeat',
    'deadbeats',
    'loser',
    'scum',
    'moron',
    'stupid',
    'worthless',
    'pathetic',
    'parasite',
    'freeloader',
    'lowlife',
    'bitch',
    'bastard',
    'asshole',
  ]),
  ...builtIn('en-US', 'impersonation', [
    'police officer',
    'this is the police',
    'sheriff',
    'fbi',
    'federal agent',
    'district attorney',
    'attorney general',
    'court officer',
    'officer of the court',
    'process server',
    'irs agent',
    'government official',
    'department of justice',
  ]),
  ...builtIn('en-US', 'fake-blacklist', [
    'blacklist',
    'blacklisted',
    'never get a loan again',
    'never borrow again',
    'ruin your credit',
    'bad credit forever',
    'no bank will ever',
    'permanent record',
    'national debtor list',
    'banned from flying',
    'ban you from flying',
    "your children's credit",
  ]),
  ...builtIn('en-US', 'legal-exaggeration', [
    'arrest',
    'arrested',
    'arrest warrant',
    'jail',
    'jailed',
    'prison',
    'imprisonment',
    'police will',
    'criminal charges',
    'criminal record',
    'press charges',
    'felony',
    'fraud charges',
    'seize your house',
    'seize your car',
    'garnish your wages',
    'deported',
  ]),
  ...builtIn('en-US', 'new-borrowing', [
    'take out another loan',
    'take out a new loan',
    'get another loan',
    'borrow from another lender',
    'borrow from another app',
    'borrow from friends',
    'borrow from family',
    'payday loan',
    'cash advance',
    'max out your credit card',
    'put it on your credit card',
  ]),
  ...builtIn('en-US', 'third-party-disclosure', [
    'we will tell your employer',
    "we'll tell your employer",
    'we will call your employer',
    "we'll call your employer",
    'we will tell your family',
    "we'll tell your family",
    'we will call your contacts',
    "we'll call your contacts",
    'everyone will know',
    'your boss will know',
    'your neighbors will know',
    'post it online',
    'post it on social media',
    'put your name online',
    'shame list',
  ]),
]);

// ---------------------------------------------------------------------------------------------
// Normalisation

const BREAK = '\n'; // stands for clause punctuation in the normalised text; no phrase key contains it
// After NFKC, so the full-width forms (,;:!?()) arrive as their ASCII twins.
const BREAKERS: ReadonlySet<string> = new Set([
  ...',;:!?、。()[]{}<>【】《》〈〉「」『』〔〕',
  '\n',
  '\r',
  '\u2028',
  '\u2029',
]);
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const UNSPACED_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]$/u;
const SPACE_CHAR = /^\s$/u;

/** A full stop after a Latin word and before a space ends a sentence ('police. Will'); 'j.a.i.l' stays joined. */
const endsLatinSentence = (units: readonly string[], original: string, next: number): boolean =>
  isSpacedWordUnit(units[units.length - 1]) &&
  (next >= original.length || SPACE_CHAR.test(original.charAt(next)));

/** What was skipped between a normalised unit and the one before it. */
const Gap = {
  None: 0,
  Symbol: 1, // punctuation, symbols, zero-width characters
  Space: 2, // whitespace (wins over symbols)
} as const;
type Gap = (typeof Gap)[keyof typeof Gap];

/** The normalised text with, for each of its UTF-16 units, the span of the original it came from. */
interface NormalizedText {
  text: string;
  starts: number[];
  ends: number[];
  gapBefore: Gap[];
}

// Whether each code point of U+4E00–U+9FFF is a letter (WORD_CHAR), filled in as met: a memo of
// a pure function, so screening the same texts again skips the Unicode property test.
const HAN_FIRST = 0x4e00;
const hanLetter = new Uint8Array(0x9fff - HAN_FIRST + 1); // 0 not yet known, 1 letter, 2 not

function isHanLetter(code: number): boolean {
  let known = hanLetter[code - HAN_FIRST]!;
  if (known === 0) {
    known = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    hanLetter[code - HAN_FIRST] = known;
  }
  return known === 1;
}

function normalizeWithMap(original: string): NormalizedText {
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const gapBefore: Gap[] = [];
  let pending = Gap.None as Gap;
  const push = (unit: string, start: number, end: number, gap: Gap) => {
    units.push(unit);
    starts.push(start);
    ends.push(end);
    gapBefore.push(gap);
  };
  let i = 0;
  while (i < original.length) {
    const code = original.codePointAt(i)!;
    // Fastest path, same result as below: ASCII letters and digits, and CJK ideographs that are
    // letters, are one unit each, need no NFKC and no context.
    const asciiWord = (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
    if (
      asciiWord ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x4e00 && code <= 0x9fff && isHanLetter(code))
    ) {
      push(
        code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : original.charAt(i),
        i,
        i + 1,
        pending,
      );
      pending = Gap.None;
      i += 1;
      continue;
    }
    const end = i + (code > 0xffff ? 2 : 1);
    // Fast path: ASCII and common CJK ideographs are already NFKC.
    const chars =
      code < 0x80 || (code >= 0x4e00 && code <= 0x9fff)
        ? original.slice(i, end).toLowerCase()
        : original.slice(i, end).normalize('NFKC').toLowerCase();
    for (const ch of chars) {
      if (WORD_CHAR.test(ch)) {
        // A character may lower-case to several UTF-16 units; each maps to the whole original character.
        for (let k = 0; k < ch.length; k++) push(ch.charAt(k), i, end, k === 0 ? pending : Gap.None);
        pending = Gap.None;
      } else if (BREAKERS.has(ch) || (ch === '.' && endsLatinSentence(units, original, end))) {
        if (units[units.length - 1] !== BREAK) push(BREAK, i, end, Gap.None);
        pending = Gap.None;
      } else {
        pending = SPACE_CHAR.test(ch) || pending === Gap.Space ? Gap.Space : Gap.Symbol;
      }
    }
    i = end;
  }
  return { text: units.join(''), starts, ends, gapBefore };
}

/** 规范化 the matching key of a phrase: NFKC, lower case, letters and digits only. */
export function normalizePhrase(phrase: string): string {
  return normalizeWithMap(phrase).text.split(BREAK).join('');
}

/** True for a letter or digit of a script written with spaces between words (Latin, not Han). */
const isSpacedWordUnit = (unit: string | undefined): boolean =>
  unit !== undefined && WORD_CHAR.test(unit) && !UNSPACED_SCRIPT.test(unit);

// ---------------------------------------------------------------------------------------------
// Matching

/** A phrase ready for matching. */
export interface CompiledPhrase {
  key: string;
  phrase: ScreeningPhrase;
  boundaryAtStart: boolean;
  boundaryAtEnd: boolean;
  wordBreaks: readonly number[]; // offsets in `key` where the phrase had a space or punctuation
}

/** 编译后的词库 phrases indexed by the first unit of their key; build once, screen many texts. */
export interface CompiledScreen {
  readonly byFirstUnit: ReadonlyMap<string, readonly CompiledPhrase[]>;
  readonly phraseCount: number;
}

/**
 * Compiles a phrase list for screening. A phrase with an empty key is skipped; a phrase whose key
 * and category repeat an earlier one is skipped too, so the first (built-in, when callers put the
 * built-in list first) is the one reported.
 */
export function compilePhrases(phrases: readonly ScreeningPhrase[]): CompiledScreen {
  const seen = new Set<string>();
  const byFirstUnit = new Map<string, CompiledPhrase[]>();
  let phraseCount = 0;
  for (const phrase of phrases) {
    const norm = normalizeWithMap(phrase.phrase);
    const wordBreaks: number[] = [];
    let key = '';
    for (let i = 0; i < norm.text.length; i++) {
      const unit = norm.text.charAt(i);
      if (unit === BREAK) {
        if (key !== '') wordBreaks.push(key.length);
        continue;
      }
      if (norm.gapBefore[i] !== Gap.None && key !== '') wordBreaks.push(key.length);
      key += unit;
    }
    const identity = `${phrase.category}\u0000${key}`;
    if (key === '' || seen.has(identity)) continue;
    seen.add(identity);
    const compiled: CompiledPhrase = {
      key,
      phrase,
      boundaryAtStart: isSpacedWordUnit(key.charAt(0)),
      boundaryAtEnd: isSpacedWordUnit(key.charAt(key.length - 1)),
      wordBreaks,
    };
    const first = key.charAt(0);
    const bucket = byFirstUnit.get(first);
    if (bucket) bucket.push(compiled);
    else byFirstUnit.set(first, [compiled]);
    phraseCount++;
  }
  return { byFirstUnit, phraseCount };
}

/** True when no letter or digit of a spaced script touches normalised index `at` on that side. */
function isWordEdge(norm: NormalizedText, at: number, side: 'before' | 'after'): boolean {
  const neighbour = side === 'before' ? at - 1 : at + 1;
  if (neighbour < 0 || neighbour >= norm.text.length) return true;
  if (norm.gapBefore[side === 'before' ? at : neighbour] !== Gap.None) return true;
  return !isSpacedWordUnit(norm.text.charAt(neighbour));
}

/** A letter standing alone between spaces, as in letter-spaced obfuscation 'j a i l'. */
function isLoneLetter(norm: NormalizedText, at: number): boolean {
  const alone = (side: 'before' | 'after') => {
    const neighbour = side === 'before' ? at - 1 : at + 1;
    if (neighbour < 0 || neighbour >= norm.text.length) return true;
    return (
      norm.gapBefore[side === 'before' ? at : neighbour] === Gap.Space ||
      !isSpacedWordUnit(norm.text.charAt(neighbour))
    );
  };
  return alone('before') && alone('after');
}

/**
 * Whether the occurrence of `c` at normalised [from, to) reads as the phrase. Han text may be
 * spaced or padded anywhere; in Latin text a phrase must start and end on word edges, and a space
 * inside it must be where the phrase has one or next to a lone letter, so 'dead beat' and
 * 'worth less' are not 'deadbeat' and 'worthless' but 'd e a d b e a t' is.
 */
function readsAsPhrase(norm: NormalizedText, from: number, to: number, c: CompiledPhrase): boolean {
  if (c.boundaryAtStart && !isWordEdge(norm, from, 'before')) return false;
  if (c.boundaryAtEnd && !isWordEdge(norm, to - 1, 'after')) return false;
  for (let k = from + 1; k < to; k++) {
    if (norm.gapBefore[k] !== Gap.Space || c.wordBreaks.includes(k - from)) continue;
    if (!isSpacedWordUnit(norm.text.charAt(k - 1)) || !isSpacedWordUnit(norm.text.charAt(k))) continue;
    if (!isLoneLetter(norm, k - 1) && !isLoneLetter(norm, k)) return false;
  }
  return true;
}

interface RawMatch {
  from: number; // normalised indices, end exclusive
  to: number;
  compiled: CompiledPhrase;
}

/**
 * Screens a text with compiled phrases. Every occurrence is reported, in text order; an
 * occurrence inside a longer one of the same category ('通讯录' inside '爆通讯录') is left out so
 * a UI highlights each passage once per category.
 */
export function screenCompiled(text: string, compiled: CompiledScreen): ScreenMatch[] {
  if (typeof text !== 'string' || text === '') return [];
  const norm = normalizeWithMap(text);
  const raw: RawMatch[] = [];
  for (let i = 0; i < norm.text.length; i++) {
    const candidates = compiled.byFirstUnit.get(norm.text.charAt(i));
    if (!candidates) continue;
    for (const c of candidates) {
      const to = i + c.key.length;
      if (norm.text.startsWith(c.key, i) && readsAsPhrase(norm, i, to, c))
        raw.push({ from: i, to, compiled: c });
    }
  }
  const kept = raw.filter(
    (m) =>
      !raw.some(
        (o) =>
          o !== m &&
          o.compiled.phrase.category === m.compiled.phrase.category &&
          o.from <= m.from &&
          o.to >= m.to &&
          o.to - o.from > m.to - m.from,
      ),
  );
  const order = (c: ScreeningCategory) => SCREENING_CATEGORIES.indexOf(c);
  return kept
    .map(({ from, to, compiled: { phrase } }) => ({
      category: phrase.category,
      phrase: phrase.phrase,
      locale: phrase.locale,
      source: phrase.source,
      reason: SCREENING_REASONS[phrase.category],
      start: norm.starts[from]!,
      end: norm.ends[to - 1]!,
    }))
    .sort(
      (a, b) =>
        a.start - b.start ||
        b.end - a.end ||
        order(a.category) - order(b.category) ||
        (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0),
    );
}

/** 内容筛查 screens a text against a phrase list (the built-in list plus the institution's). */
export function screenText(text: string, phrases: readonly ScreeningPhrase[]): ScreenMatch[] {
  return screenCompiled(text, compilePhrases(phrases));
}

// ---------------------------------------------------------------------------------------------
// Institution phrases

/** The longest institution phrase, in characters. */
export const MAX_INSTITUTION_PHRASE_LENGTH = 40;
/** The shortest institution phrase key: one letter or character would block ordinary text. */
export const MIN_INSTITUTION_PHRASE_KEY_LENGTH = 2;

const LOCALES: readonly ScreeningLocale[] = ['zh-CN', 'en-US'];

const refuse = (zh: string, en: string): { ok: false; reason: LocalizedText } => ({
  ok: false,
  reason: { 'zh-CN': zh, 'en-US': en },
});

/**
 * 机构自定义词条校验 checks a phrase an institution wants to add: a known category and locale,
 * at most 40 characters, and at least two letters or characters once punctuation and spacing
 * are removed. The returned phrase is trimmed, NFKC-normalised and marked 'institution'.
 */
export function validateInstitutionPhrase(
  input: unknown,
): { ok: true; phrase: ScreeningPhrase } | { ok: false; reason: LocalizedText } {
  if (typeof input !== 'object' || input === null) {
    return refuse('词条格式不正确', 'The phrase entry is malformed');
  }
  const { phrase, category, locale } = input as Record<string, unknown>;
  if (typeof phrase !== 'string') return refuse('词条须为文本', 'The phrase must be text');
  const cleaned = phrase.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (cleaned === '') return refuse('词条不能为空', 'The phrase is empty');
  if (Array.from(cleaned).length > MAX_INSTITUTION_PHRASE_LENGTH) {
    return refuse(
      `词条不能超过 ${MAX_INSTITUTION_PHRASE_LENGTH} 个字符`,
      `The phrase may have at most ${MAX_INSTITUTION_PHRASE_LENGTH} characters`,
    );
  }
  const key = normalizePhrase(cleaned);
  if (key === '') {
    return refuse(
      '词条不能只含标点或符号',
      'The phrase must contain letters or characters, not only punctuation',
    );
  }
  if (Array.from(key).length < MIN_INSTITUTION_PHRASE_KEY_LENGTH) {
    return refuse(
      `词条至少需要 ${MIN_INSTITUTION_PHRASE_KEY_LENGTH} 个文字或字母`,
      `The phrase needs at least ${MIN_INSTITUTION_PHRASE_KEY_LENGTH} letters or characters`,
    );
  }
  if (typeof category !== 'string' || !(SCREENING_CATEGORIES as readonly string[]).includes(category)) {
    const shown = typeof category === 'string' ? category : typeof category;
    return refuse(`未知的筛查类别:${shown}`, `Unknown screening category: ${shown}`);
  }
  if (typeof locale !== 'string' || !(LOCALES as readonly string[]).includes(locale)) {
    return refuse('语言须为 zh-CN 或 en-US', 'The locale must be zh-CN or en-US');
  }
  return {
    ok: true,
    phrase: {
      phrase: cleaned,
      category: category as ScreeningCategory,
      locale: locale as ScreeningLocale,
      source: 'institution',
    },
  };
}

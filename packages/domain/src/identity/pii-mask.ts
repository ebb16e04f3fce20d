/**
 * 脱敏 masking personal information for display (PIPL Art. 51; COMPLIANCE.md: a reveal of PII is
 * recorded, a masked value is not). Each function is total: empty or malformed input gives a
 * masked (or empty) string, never an exception, and never more of the input than the rule keeps.
 * Lengths are counted in characters (code points), so a character outside the BMP is one '*'.
 */

const MASK = '*';
const DIGIT = /^\p{Nd}$/u;
const HAN = /\p{sc=Han}/u;

const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * 手机号脱敏 masks the digits of a phone number and leaves every other character (+, spaces,
 * hyphens) where it is: with 8 or more digits the first 3 and last 4 stay ('13812345678' →
 * '138****5678', '010-12345678' → '010-****5678'); with 3 to 7 only the last 2; with 1 or 2 none.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(asText(phone));
  const digitCount = chars.filter((c) => DIGIT.test(c)).length;
  const [head, tail] = digitCount >= 8 ? [3, 4] : digitCount >= 3 ? [0, 2] : [0, 0];
  let seen = 0;
  return chars
    .map((c) => {
      if (!DIGIT.test(c)) return c;
      const index = seen++;
      return index < head || index >= digitCount - tail ? c : MASK;
    })
    .join('');
}

/**
 * 身份证号脱敏 keeps the first 3 and last 4 characters of an ID number and masks the rest, for
 * 18- and 15-digit numbers alike ('110101199003071234' → '110***********1234'). Surrounding
 * spaces are dropped; an input shorter than 8 characters is masked entirely.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(asText(id).trim());
  if (chars.length < 8) return MASK.repeat(chars.length);
  return chars.map((c, i) => (i < 3 || i >= chars.length - 4 ? c : MASK)).join('');
}

// 省级 a province-level prefix: 省, 自治区, 特别行政区, or one of the four municipalities.
const PROVINCE =
  /^(?:[^省市区县]{2,3}省|[^省市区县]{2,8}自治区|[^省市区县]{2}特别行政区|(?:北京|上海|天津|重庆)市?)/u;
const COUNTY_MARKS = new Set(['区', '县', '市']);
const MAX_KEPT_ADDRESS_CHARS = 9;

/**
 * 地址脱敏 keeps the coarse part of an address and replaces the rest with '****'.
 * Chinese: the province (if written) and the next unit up to and including the first 区, 县 or
 * 市 after it, at most 9 characters ('北京市朝阳区建国路88号院3号楼2单元501' → '北京市朝阳区****');
 * when that is longer, the province alone; when neither is found, nothing.
 * Other addresses: the last comma-separated part (city / state), '123 Main St, Springfield, IL'
 * → '****, IL'; an address without a comma is masked entirely.
 */
export function maskAddress(address: string): string {
  const text = asText(address).trim();
  if (text === '') return '';
  if (HAN.test(text)) {
    const chars = Array.from(text);
    const province = Array.from(PROVINCE.exec(text)?.[0] ?? '');
    let kept = province.length <= MAX_KEPT_ADDRESS_CHARS ? province.length : 0;
    // The unit after the province needs at least one character of its own before its 区/县/市.
    for (let i = province.length + 1; i < chars.length && i < MAX_KEPT_ADDRESS_CHARS; i++) {
      if (COUNTY_MARKS.has(chars[i]!)) {
        kept = i + 1;
        break;
      }
    }
    return `${chars.slice(0, kept).join('')}${MASK.repeat(4)}`;
  }
  const parts = text
    .split(/[,，]/u)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length >= 2 ? `${MASK.repeat(4)}, ${parts[parts.length - 1]}` : MASK.repeat(4);
}

const NAME_SEPARATOR = /^[\s·•・\-‐.]$/u;

/**
 * 姓名脱敏 keeps the first character of a Chinese name ('张三丰' → '张**', '欧阳娜娜' → '欧***')
 * and the first letter of each part of other names ('John Smith' → 'J*** S****'); spaces, middle
 * dots and hyphens stay. A one-character name is masked entirely.
 */
export function maskName(name: string): string {
  const chars = Array.from(asText(name).trim());
  if (chars.filter((c) => !NAME_SEPARATOR.test(c)).length <= 1) {
    return chars.map((c) => (NAME_SEPARATOR.test(c) ? c : MASK)).join('');
  }
  const han = chars.some((c) => HAN.test(c));
  let keptFirst = false;
  return chars
    .map((c, i) => {
      if (NAME_SEPARATOR.test(c)) return c;
      // Chinese: only the first character of the whole name; other scripts: the first of each part.
      const startsPart = han ? !keptFirst : i === 0 || NAME_SEPARATOR.test(chars[i - 1]!);
      keptFirst = true;
      return startsPart ? c : MASK;
    })
    .join('');
}

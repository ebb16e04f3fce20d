import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './pii-mask.js';

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mainland mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps separators and masks only digits in a landline', () => {
    expect(maskPhone('010-12345678')).toBe('010-****5678');
    expect(maskPhone('0755 8888 1234')).toBe('075* **** 1234');
  });

  it('counts digits, not characters, when a number carries a country code', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 1** **** 5678');
  });

  it('keeps only the last 2 digits of a number with fewer than 8 digits', () => {
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('110')).toBe('*10');
  });

  it('masks every digit of a one- or two-digit input', () => {
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('7')).toBe('*');
  });

  it('returns empty or digit-free input unchanged', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('n/a')).toBe('n/a');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters of an 18-character ID number', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(maskIdNumber('11010119900307123X')).toBe('110***********123X');
  });

  it('applies the same rule to a 15-digit old ID number', () => {
    expect(maskIdNumber('110101900307123')).toBe('110********7123');
  });

  it('drops surrounding spaces', () => {
    expect(maskIdNumber(' 110101199003071234 ')).toBe('110***********1234');
  });

  it('masks an input too short to hide its middle entirely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskAddress', () => {
  it('keeps a municipality and its district and masks the street and building', () => {
    expect(maskAddress('北京市朝阳区建国路88号院3号楼2单元501')).toBe('北京市朝阳区****');
  });

  it('keeps a province and its city', () => {
    expect(maskAddress('广东省深圳市南山区科技园南区1栋')).toBe('广东省深圳市****');
    expect(maskAddress('浙江省桐庐县城南街道迎春南路1号')).toBe('浙江省桐庐县****');
  });

  it('keeps an autonomous region alone when the next unit would pass 9 characters', () => {
    expect(maskAddress('新疆维吾尔自治区乌鲁木齐市天山区人民路1号')).toBe('新疆维吾尔自治区****');
    expect(maskAddress('广西壮族自治区南宁市青秀区民族大道1号')).toBe('广西壮族自治区****');
  });

  it('keeps the first district, county or city when no province is written', () => {
    expect(maskAddress('朝阳区建国路88号')).toBe('朝阳区****');
    expect(maskAddress('上海浦东新区世纪大道100号')).toBe('上海浦东新区****');
  });

  it('masks a Chinese address with no administrative unit entirely', () => {
    expect(maskAddress('建国路88号院3号楼')).toBe('****');
  });

  it('keeps the last comma-separated part of an English address', () => {
    expect(maskAddress('123 Main St, Apt 4, Springfield, IL')).toBe('****, IL');
    expect(maskAddress('1600 Pennsylvania Ave NW, Washington, DC 20500')).toBe('****, DC 20500');
  });

  it('masks an English address without a comma entirely', () => {
    expect(maskAddress('123 Main Street')).toBe('****');
  });

  it('returns empty for empty input', () => {
    expect(maskAddress('')).toBe('');
    expect(maskAddress('   ')).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first character of a Chinese name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('keeps the middle dot of a transliterated name', () => {
    expect(maskName('阿卜杜·艾力')).toBe('阿**·**');
  });

  it('keeps the first letter of each part of an English name', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName('Mary-Jane Watson')).toBe('M***-J*** W*****');
  });

  it('masks a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('J')).toBe('*');
  });

  it('returns empty for empty input', () => {
    expect(maskName('')).toBe('');
    expect(maskName('  ')).toBe('');
  });
});

describe('masking is total', () => {
  const odd = ['', ' ', '\u0000', '😀😀😀', '\ud800', '-'.repeat(50), '１３８１２３４５６７８'];
  const fns = [maskPhone, maskIdNumber, maskAddress, maskName];

  it('never throws on odd strings', () => {
    for (const fn of fns)
      for (const input of odd) expect(() => fn(input), `${fn.name}(${input})`).not.toThrow();
  });

  it('returns empty, not an exception, when an untyped caller passes a non-string', () => {
    for (const fn of fns) {
      for (const input of [undefined, null, 42, {}]) expect((fn as (v: unknown) => string)(input)).toBe('');
    }
  });

  it('masks full-width digits like ASCII digits', () => {
    expect(maskPhone('１３８１２３４５６７８')).toBe('１３８****５６７８');
  });

  it('counts a character outside the BMP as one character', () => {
    expect(maskName('𠀀三')).toBe('𠀀*');
  });
});

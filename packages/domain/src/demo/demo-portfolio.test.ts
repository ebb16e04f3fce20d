import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween } from '../calendar/business-date.js';
import { idBirthDate, idGender, isValidIdNumber } from './chinese-id.js';
import {
  BEHAVIOUR_WEIGHTS,
  demoProducts,
  generateDemoPortfolio,
  MAX_LOAN_AGE_MONTHS,
} from './demo-portfolio.js';
import type { DemoLoan, DemoPortfolio } from './demo-types.js';
import { FEMALE_GIVEN_CHARS, MALE_GIVEN_CHARS } from './names.js';
import { isMobileNumber } from './phone.js';

const businessDate = '2026-11-28';
const book = generateDemoPortfolio({ loans: 5_000, seed: 'huikuan', businessDate });
const customerByRef = new Map(book.customers.map((c) => [c.sourceRef, c]));
const productByCode = new Map(book.products.map((p) => [p.code, p]));

function paymentsByLoan(portfolio: DemoPortfolio): Map<string, DemoPortfolio['payments']> {
  const out = new Map<string, DemoPortfolio['payments']>();
  for (const p of portfolio.payments) {
    const list = out.get(p.loanRef) ?? [];
    list.push(p);
    out.set(p.loanRef, list);
  }
  return out;
}
const loanPayments = paymentsByLoan(book);

// Days past due: from the oldest installment due before today that is not fully paid.
function dpd(loan: DemoLoan): number {
  const oldest = loan.installments.find((i) => i.dueOn < businessDate && i.paidOffOn === null);
  return oldest ? daysBetween(oldest.dueOn, businessDate) : 0;
}

describe('demo products', () => {
  it('offers the three demo products with rates under their cost cap', () => {
    const products = demoProducts();
    expect(products.map((p) => p.code)).toEqual(['CASH-12', 'CONS-6', 'MICRO-24']);
    for (const p of products) {
      expect(Number(p.annualRate)).toBeLessThanOrEqual(Number(p.costCapAnnual));
      expect(Number(p.costCapAnnual)).toBeLessThanOrEqual(0.24);
      expect(p.minPrincipalFen).toBeLessThan(p.maxPrincipalFen);
      expect(p.minPrincipalFen % 10_000).toBe(0);
      expect(p.maxPrincipalFen % 10_000).toBe(0);
    }
    expect(products.map((p) => p.repaymentMethod)).toEqual([
      'equal_installment',
      'equal_principal',
      'interest_first',
    ]);
  });

  it('returns fresh objects so a caller cannot alter the next call', () => {
    const a = demoProducts();
    (a[0] as { name: string }).name = 'changed';
    expect(demoProducts()[0]?.name).toBe('随借随还现金贷');
  });
});

describe('generateDemoPortfolio', () => {
  it('is deterministic: the same options give a deep-equal portfolio', () => {
    const options = { loans: 300, seed: 'determinism', businessDate };
    expect(generateDemoPortfolio(options)).toEqual(generateDemoPortfolio(options));
  });

  it('a different seed gives a different portfolio', () => {
    const a = generateDemoPortfolio({ loans: 50, seed: 'one', businessDate });
    const b = generateDemoPortfolio({ loans: 50, seed: 'two', businessDate });
    expect(a.customers.map((c) => c.idNumber)).not.toEqual(b.customers.map((c) => c.idNumber));
    expect(a.loans.map((l) => l.principalFen)).not.toEqual(b.loans.map((l) => l.principalFen));
  });

  it('a smaller book with the same seed is the start of a larger one', () => {
    const small = generateDemoPortfolio({ loans: 200, seed: 'huikuan', businessDate });
    expect(small.loans).toEqual(book.loans.slice(0, 200));
    expect(small.customers).toEqual(book.customers.slice(0, small.customers.length));
    expect(small.payments).toEqual(book.payments.slice(0, small.payments.length));
  });

  it('generates exactly the number of loans asked for', () => {
    expect(book.loans).toHaveLength(5_000);
    expect(generateDemoPortfolio({ loans: 1, seed: 'x', businessDate }).loans).toHaveLength(1);
  });

  it('refuses a bad loan count, seed or business date', () => {
    expect(() => generateDemoPortfolio({ loans: 0, seed: 's', businessDate })).toThrow(RangeError);
    expect(() => generateDemoPortfolio({ loans: 1.5, seed: 's', businessDate })).toThrow(RangeError);
    expect(() => generateDemoPortfolio({ loans: 10, seed: 's', businessDate: '2026-02-30' })).toThrow(
      RangeError,
    );
    expect(() => generateDemoPortfolio({ loans: 10, seed: 1 as unknown as string, businessDate })).toThrow(
      RangeError,
    );
  });

  it('numbers customers C+7, loans L+8 and payments P+9 digits, each unique', () => {
    const check = (refs: string[], re: RegExp) => {
      expect(refs.every((r) => re.test(r))).toBe(true);
      expect(new Set(refs).size).toBe(refs.length);
    };
    check(
      book.customers.map((c) => c.sourceRef),
      /^C\d{7}$/,
    );
    check(
      book.loans.map((l) => l.sourceRef),
      /^L\d{8}$/,
    );
    check(
      book.payments.map((p) => p.sourceRef),
      /^P\d{9}$/,
    );
  });
});

describe('demo customers', () => {
  it('every generated ID number carries a valid check digit', () => {
    expect(book.customers.every((c) => isValidIdNumber(c.idNumber))).toBe(true);
  });

  it('ID numbers are unique per customer', () => {
    expect(new Set(book.customers.map((c) => c.idNumber)).size).toBe(book.customers.length);
  });

  it('the ID number carries the customer’s birth date, gender and region code', () => {
    const broken = book.customers.filter(
      (c) =>
        idBirthDate(c.idNumber) !== c.birthDate ||
        idGender(c.idNumber) !== c.gender ||
        c.idNumber.slice(0, 6) !== c.regionCode,
    );
    expect(broken).toEqual([]);
  });

  it('customers are 22 to 60 years old on the business date', () => {
    const oldest = addMonths(businessDate, -12 * 61);
    const youngest = addMonths(businessDate, -12 * 22);
    expect(book.customers.filter((c) => c.birthDate <= oldest || c.birthDate > youngest)).toEqual([]);
  });

  it('names are Chinese, two to three characters, with given names typical of the gender', () => {
    const broken = book.customers.filter((c) => {
      const chars = [...c.name];
      const pool = c.gender === 'M' ? MALE_GIVEN_CHARS : FEMALE_GIVEN_CHARS;
      return chars.length < 2 || chars.length > 3 || !chars.slice(1).every((ch) => pool.includes(ch));
    });
    expect(broken).toEqual([]);
  });

  it('mobile numbers are well-formed and unique per customer', () => {
    expect(book.customers.every((c) => isMobileNumber(c.mobile))).toBe(true);
    expect(new Set(book.customers.map((c) => c.mobile)).size).toBe(book.customers.length);
  });

  it('addresses, time zones and incomes are filled in plausibly', () => {
    const broken = book.customers.filter(
      (c) =>
        !c.address.startsWith(c.province === c.city ? c.city : c.province + c.city) ||
        c.timeZone !== (c.regionCode.startsWith('65') ? 'Asia/Urumqi' : 'Asia/Shanghai') ||
        c.monthlyIncomeFen % 10_000 !== 0 ||
        c.monthlyIncomeFen < 200_000 ||
        c.monthlyIncomeFen > 3_000_000,
    );
    expect(broken).toEqual([]);
    const withEmployer = book.customers.filter((c) => c.employer !== null).length / book.customers.length;
    expect(withEmployer).toBeGreaterThan(0.7);
    expect(withEmployer).toBeLessThan(0.9);
  });

  it('the behaviour mix follows its weights within three points', () => {
    for (const [behaviour, weight] of BEHAVIOUR_WEIGHTS) {
      const share = book.customers.filter((c) => c.behaviour === behaviour).length / book.customers.length;
      expect(Math.abs(share - weight)).toBeLessThan(0.03);
    }
  });

  it('customers hold 1.1 to 1.3 loans on average and every loan has a customer', () => {
    const ratio = book.loans.length / book.customers.length;
    expect(ratio).toBeGreaterThan(1.1);
    expect(ratio).toBeLessThan(1.3);
    expect(book.loans.every((l) => customerByRef.has(l.customerRef))).toBe(true);
    const withLoans = new Set(book.loans.map((l) => l.customerRef));
    expect(withLoans.size).toBe(book.customers.length);
  });
});

describe('demo contacts', () => {
  it('every customer has one self contact with their own mobile and one to three others', () => {
    const byCustomer = new Map<string, DemoPortfolio['contacts']>();
    for (const contact of book.contacts) {
      const list = byCustomer.get(contact.customerRef) ?? [];
      list.push(contact);
      byCustomer.set(contact.customerRef, list);
    }
    const broken = book.customers.filter((c) => {
      const list = byCustomer.get(c.sourceRef) ?? [];
      const self = list.filter((x) => x.role === 'self');
      const ownSelf = self.length === 1 && self[0]?.name === c.name && self[0]?.phone === c.mobile;
      return !ownSelf || self[0]?.relation !== '本人' || list.length < 2 || list.length > 4;
    });
    expect(broken).toEqual([]);
  });

  it('contact phones are well-formed mobiles', () => {
    expect(book.contacts.every((c) => isMobileNumber(c.phone))).toBe(true);
  });

  it('roles match relations: 配偶 is a spouse, 工作单位 an employer, family and friends emergency contacts', () => {
    const roleOf: Record<string, string> = { 本人: 'self', 配偶: 'spouse', 工作单位: 'employer' };
    const relations = new Set(['本人', '配偶', '工作单位', '父亲', '母亲', '兄弟', '姐妹', '朋友', '同事']);
    const broken = book.contacts.filter(
      (c) => !relations.has(c.relation) || c.role !== (roleOf[c.relation] ?? 'emergency'),
    );
    expect(broken).toEqual([]);
    const roles = new Set(book.contacts.map((c) => c.role));
    expect([...roles].sort()).toEqual(['emergency', 'employer', 'self', 'spouse']);
  });

  it('employer contacts belong to customers with an employer, and fathers share the surname', () => {
    const broken = book.contacts.filter((contact) => {
      const customer = customerByRef.get(contact.customerRef);
      if (!customer) return true;
      if (contact.role === 'employer' && !contact.name.startsWith(customer.employer ?? '∅')) return true;
      return contact.relation === '父亲' && contact.name.charAt(0) !== customer.name.charAt(0);
    });
    expect(broken).toEqual([]);
  });
});

describe('demo loans and schedules', () => {
  it('principal lies within the product bounds in whole 100 yuan', () => {
    const broken = book.loans.filter((loan) => {
      const product = productByCode.get(loan.productCode);
      return (
        !product ||
        loan.principalFen < product.minPrincipalFen ||
        loan.principalFen > product.maxPrincipalFen ||
        loan.principalFen % 10_000 !== 0 ||
        loan.annualRate !== product.annualRate ||
        loan.termMonths !== product.termMonths
      );
    });
    expect(broken).toEqual([]);
  });

  it('the principal of each schedule sums to the loan principal', () => {
    const broken = book.loans.filter(
      (loan) =>
        loan.installments.reduce((a, i) => a + i.principalDueFen, 0) !== loan.principalFen ||
        loan.installments.length !== loan.termMonths ||
        loan.maturityOn !== loan.installments.at(-1)?.dueOn ||
        loan.installments.some(
          (i, k) => i.seq !== k + 1 || (k > 0 && i.dueOn <= (loan.installments[k - 1]?.dueOn ?? '')),
        ),
    );
    expect(broken.map((l) => l.sourceRef)).toEqual([]);
  });

  it('loans were disbursed 1 to 18 months before the business date, more of them recently', () => {
    const earliest = addMonths(businessDate, -MAX_LOAN_AGE_MONTHS);
    const latest = addMonths(businessDate, -1);
    expect(book.loans.filter((l) => l.disbursedOn < earliest || l.disbursedOn > latest)).toEqual([]);
    const recent = book.loans.filter((l) => l.disbursedOn > addMonths(businessDate, -6)).length;
    const old = book.loans.filter((l) => l.disbursedOn <= addMonths(businessDate, -12)).length;
    expect(recent).toBeGreaterThan(old * 2);
  });

  it('uses every product, about half of the loans being cash loans', () => {
    const cash = book.loans.filter((l) => l.productCode === 'CASH-12').length / book.loans.length;
    expect(cash).toBeGreaterThan(0.45);
    expect(cash).toBeLessThan(0.55);
    expect(new Set(book.loans.map((l) => l.productCode)).size).toBe(3);
  });
});

describe('demo repayment history', () => {
  it('payments reconcile with the paid amounts of each loan’s installments', () => {
    const broken = book.loans.filter((loan) => {
      const paid = loan.installments.reduce(
        (a, i) => a + i.principalPaidFen + i.interestPaidFen + i.feePaidFen,
        0,
      );
      const received = (loanPayments.get(loan.sourceRef) ?? []).reduce((a, p) => a + p.amountFen, 0);
      return paid !== received;
    });
    expect(broken.map((l) => l.sourceRef)).toEqual([]);
    expect(book.payments.length).toBeGreaterThan(book.loans.length);
    const loanRefs = new Set(book.loans.map((l) => l.sourceRef));
    expect(book.payments.every((p) => loanRefs.has(p.loanRef) && p.amountFen > 0)).toBe(true);
  });

  it('installments are paid oldest first, interest before principal, never beyond what is due', () => {
    const broken: string[] = [];
    for (const loan of book.loans) {
      let sawUnpaid = false;
      for (const i of loan.installments) {
        const full = i.principalPaidFen === i.principalDueFen && i.interestPaidFen === i.interestDueFen;
        const ok =
          i.feeDueFen === 0 &&
          i.feePaidFen === 0 &&
          i.interestPaidFen <= i.interestDueFen &&
          i.principalPaidFen <= i.principalDueFen &&
          (i.principalPaidFen === 0 || i.interestPaidFen === i.interestDueFen) &&
          (i.paidOffOn !== null) === full &&
          (!sawUnpaid || i.principalPaidFen + i.interestPaidFen === 0);
        if (!ok) broken.push(`${loan.sourceRef}#${i.seq}`);
        if (!full) sawUnpaid = true;
      }
    }
    expect(broken).toEqual([]);
  });

  it('an installment is paid off on the date of the payment that completed it', () => {
    const broken = book.loans.filter((loan) => {
      const dates = new Set((loanPayments.get(loan.sourceRef) ?? []).map((p) => p.receivedOn));
      return loan.installments.some((i) => i.paidOffOn !== null && !dates.has(i.paidOffOn));
    });
    expect(broken.map((l) => l.sourceRef)).toEqual([]);
  });

  it('nothing is dated after the business date', () => {
    const dates = [
      ...book.payments.map((p) => p.receivedOn),
      ...book.customers.map((c) => c.birthDate),
      ...book.loans.map((l) => l.disbursedOn),
      ...book.loans.flatMap((l) => l.installments.map((i) => i.paidOffOn ?? businessDate)),
    ];
    expect(dates.filter((d) => d > businessDate)).toEqual([]);
  });

  it('payments fall after disbursement and in date order within a loan', () => {
    const disbursed = new Map(book.loans.map((l) => [l.sourceRef, l.disbursedOn]));
    const broken: string[] = [];
    for (const [loanRef, list] of loanPayments) {
      list.forEach((p, k) => {
        const previous = list[k - 1]?.receivedOn ?? '';
        if (p.receivedOn <= (disbursed.get(loanRef) ?? '') || p.receivedOn < previous)
          broken.push(p.sourceRef);
      });
    }
    expect(broken).toEqual([]);
  });

  it('uses every payment channel', () => {
    expect(new Set(book.payments.map((p) => p.channel)).size).toBe(5);
  });

  it('10–20% of loans are overdue on the business date, spread over M1 to M4+', () => {
    const dpds = book.loans.map(dpd).filter((d) => d > 0);
    const share = dpds.length / book.loans.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.2);
    const buckets = { M1: 0, M2: 0, M3: 0, M4: 0 };
    for (const d of dpds) buckets[d <= 30 ? 'M1' : d <= 60 ? 'M2' : d <= 90 ? 'M3' : 'M4'] += 1;
    for (const count of Object.values(buckets)) expect(count / dpds.length).toBeGreaterThan(0.05);
  });

  it('on-time borrowers are never overdue; most short-of-money borrowers are', () => {
    const overdueShare = (behaviour: string) => {
      const loans = book.loans.filter((l) => customerByRef.get(l.customerRef)?.behaviour === behaviour);
      return loans.filter((l) => dpd(l) > 0).length / loans.length;
    };
    expect(overdueShare('on_time')).toBe(0);
    expect(overdueShare('forgetful')).toBeLessThan(0.15);
    expect(overdueShare('short_of_money')).toBeGreaterThan(0.25);
    expect(overdueShare('strategic_defaulter')).toBeGreaterThan(0.4);
    expect(overdueShare('unreachable')).toBeGreaterThan(0.8);
  });

  it('forgetful borrowers pay some installments late, mostly within ten days', () => {
    let settled = 0;
    let late = 0;
    let withinTen = 0;
    for (const loan of book.loans) {
      if (customerByRef.get(loan.customerRef)?.behaviour !== 'forgetful') continue;
      for (const i of loan.installments) {
        if (i.paidOffOn === null) continue;
        settled += 1;
        if (i.paidOffOn <= i.dueOn) continue;
        late += 1;
        if (daysBetween(i.dueOn, i.paidOffOn) <= 10) withinTen += 1;
      }
    }
    expect(late / settled).toBeGreaterThan(0.1);
    expect(late / settled).toBeLessThan(0.4);
    expect(withinTen / late).toBeGreaterThan(0.8);
  });

  it('unreachable borrowers have no payments after their first few months', () => {
    for (const loan of book.loans) {
      if (customerByRef.get(loan.customerRef)?.behaviour !== 'unreachable') continue;
      for (const p of loanPayments.get(loan.sourceRef) ?? []) {
        expect(p.receivedOn <= addMonths(loan.disbursedOn, 2)).toBe(true);
      }
    }
  });

  it('strategic defaulters stop paying completely after a few installments', () => {
    for (const loan of book.loans) {
      if (customerByRef.get(loan.customerRef)?.behaviour !== 'strategic_defaulter') continue;
      const sixth = loan.installments[5]?.dueOn ?? loan.maturityOn;
      for (const p of loanPayments.get(loan.sourceRef) ?? []) expect(p.receivedOn <= sixth).toBe(true);
    }
  });
});

/**
 * 演示资产包 the demo portfolio generator: products, customers with contacts, loans with
 * schedules, and a repayment history up to the business date driven by each borrower's
 * latent behaviour. Pure and deterministic: the same options give a deep-equal portfolio.
 */
import { addDays, addMonths, type BusinessDate, daysBetween, isBusinessDate } from '../calendar/business-date.js';
import { type Fen, fen, ZERO_FEN } from '../money/money.js';
import { type InstallmentAmounts, scheduleAmounts, scheduleDueDates } from '../schedule/repayment-schedule.js';
import { makeIdNumber } from './chinese-id.js';
import type {
  ContactRole,
  DemoContact,
  DemoCustomer,
  DemoInstallment,
  DemoLoan,
  DemoOptions,
  DemoPayment,
  DemoPortfolio,
  DemoProduct,
  LatentBehaviour,
} from './demo-types.js';
import { makeEmployerName } from './employers.js';
import { makeFullName, makeGivenName, pickSurname } from './names.js';
import { makeMobile } from './phone.js';
import { createRng, type Rng } from './prng.js';
import { makeAddress, pickRegion } from './regions.js';

/** Most loans a single call may generate; a guard against typos such as 1e9. */
export const MAX_DEMO_LOANS = 1_000_000;

/** 演示产品 the three demo products: a cash loan, consumer instalments and a small-business loan. */
export function demoProducts(): DemoProduct[] {
  return [
    {
      code: 'CASH-12',
      name: '随借随还现金贷',
      nameEn: 'Cash loan',
      annualRate: '0.18',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      graceDays: 3,
      penaltyRateMultiplier: '1.5',
      dayCountBasis: 'act/360',
      rounding: 'half-up',
      costCapAnnual: '0.24',
      lateFeeFen: ZERO_FEN,
      minPrincipalFen: fen(100_000), // 1,000 yuan
      maxPrincipalFen: fen(5_000_000), // 50,000 yuan
    },
    {
      code: 'CONS-6',
      name: '消费分期',
      nameEn: 'Consumer instalments',
      annualRate: '0.15',
      termMonths: 6,
      repaymentMethod: 'equal_principal',
      graceDays: 0,
      penaltyRateMultiplier: '1.5',
      dayCountBasis: 'act/365',
      rounding: 'half-up',
      costCapAnnual: '0.24',
      lateFeeFen: fen(2_000), // 20 yuan per overdue installment
      minPrincipalFen: fen(200_000), // 2,000 yuan
      maxPrincipalFen: fen(3_000_000), // 30,000 yuan
    },
    {
      code: 'MICRO-24',
      name: '小微经营贷',
      nameEn: 'Small-business loan',
      annualRate: '0.12',
      termMonths: 24,
      repaymentMethod: 'interest_first',
      graceDays: 5,
      penaltyRateMultiplier: '1.5',
      dayCountBasis: 'act/365',
      rounding: 'half-up',
      costCapAnnual: '0.24',
      lateFeeFen: ZERO_FEN,
      minPrincipalFen: fen(5_000_000), // 50,000 yuan
      maxPrincipalFen: fen(50_000_000), // 500,000 yuan
    },
  ];
}

// Share of loans per product code.
const PRODUCT_MIX: readonly (readonly [string, number])[] = [
  ['CASH-12', 0.5],
  ['CONS-6', 0.3],
  ['MICRO-24', 0.2],
];

/** Share of customers per latent behaviour. */
export const BEHAVIOUR_WEIGHTS: readonly (readonly [LatentBehaviour, number])[] = [
  ['on_time', 0.55],
  ['forgetful', 0.18],
  ['short_of_money', 0.15],
  ['strategic_defaulter', 0.07],
  ['unreachable', 0.05],
];

// Loans per customer: ~1.23 on average, so some customers hold two or three loans.
const LOANS_PER_CUSTOMER: readonly (readonly [number, number])[] = [
  [1, 0.8],
  [2, 0.17],
  [3, 0.03],
];

// Age bands of microfinance borrowers: mostly young to middle-aged.
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[22, 25], 0.16],
  [[26, 30], 0.24],
  [[31, 35], 0.2],
  [[36, 40], 0.15],
  [[41, 50], 0.17],
  [[51, 60], 0.08],
];

const CHANNELS: readonly (readonly [DemoPayment['channel'], number])[] = [
  ['withholding', 0.35],
  ['alipay', 0.2],
  ['wechat_pay', 0.2],
  ['bank_transfer', 0.2],
  ['counter', 0.05],
];

// Disbursement months back (1..18), weighted towards recent months as a growing book is.
const MONTHS_BACK: readonly (readonly [number, number])[] = Array.from(
  { length: 18 },
  (_, i) => [i + 1, 19 - (i + 1)] as const,
);

/** 生成演示资产包 generates a deterministic demo portfolio as of the business date. */
export function generateDemoPortfolio(options: DemoOptions): DemoPortfolio {
  const { loans: loanCount, seed, businessDate } = options;
  if (!Number.isInteger(loanCount) || loanCount < 1 || loanCount > MAX_DEMO_LOANS) {
    throw new RangeError(`loans must be an integer from 1 to ${MAX_DEMO_LOANS}, got ${String(loanCount)}`);
  }
  if (typeof seed !== 'string') throw new RangeError('seed must be a string');
  if (!isBusinessDate(businessDate)) {
    throw new RangeError(`businessDate must be a date (YYYY-MM-DD), got ${String(businessDate)}`);
  }

  const root = createRng(seed);
  const products = demoProducts();
  const productByCode = new Map(products.map((p) => [p.code, p]));
  const productMix = PRODUCT_MIX.map(([code, w]) => [productByCode.get(code) as DemoProduct, w] as const);
  const ctx: Context = {
    businessDate,
    usedIds: new Set(),
    usedMobiles: new Set(),
    // Amounts depend only on product and principal, so loans of the same size share them.
    scheduleCache: new Map(),
    nextPaymentNo: 1,
    payments: [],
  };

  const customers: DemoCustomer[] = [];
  const contacts: DemoContact[] = [];
  const loans: DemoLoan[] = [];
  while (loans.length < loanCount) {
    const customerNo = customers.length + 1;
    const customerRng = root.fork(`customer:${customerNo}`);
    const customer = makeCustomer(customerRng, customerNo, ctx);
    customers.push(customer);
    contacts.push(...makeContacts(customerRng.fork('contacts'), customer, ctx));
    const count = Math.min(customerRng.fork('loans').weighted(LOANS_PER_CUSTOMER), loanCount - loans.length);
    for (let k = 0; k < count; k++) {
      const loanNo = loans.length + 1;
      const loanRng = root.fork(`loan:${loanNo}`);
      const product = loanRng.weighted(productMix);
      loans.push(makeLoan(loanRng, loanNo, customer, product, ctx));
    }
  }
  return { products, customers, contacts, loans, payments: ctx.payments };
}

interface Context {
  businessDate: BusinessDate;
  usedIds: Set<string>;
  usedMobiles: Set<string>;
  scheduleCache: Map<string, InstallmentAmounts[]>;
  nextPaymentNo: number;
  payments: DemoPayment[];
}

function makeCustomer(rng: Rng, customerNo: number, ctx: Context): DemoCustomer {
  // Separate streams per concern, so a new draw in one does not reshuffle the others.
  const person = rng.fork('person');
  const gender: 'M' | 'F' = person.chance(0.56) ? 'M' : 'F';
  const name = makeFullName(person, gender);
  const [minAge, maxAge] = person.weighted(AGE_BANDS);
  const birthDate = birthDateForAge(person, person.int(minAge, maxAge), ctx.businessDate);

  const place = rng.fork('place');
  const region = pickRegion(place);
  const address = makeAddress(place, region);

  const idNumber = uniqueIdNumber(rng.fork('id'), region.code, birthDate, gender, ctx.usedIds);
  const mobile = uniqueMobile(rng.fork('mobile'), ctx.usedMobiles);

  const behaviour = rng.fork('behaviour').weighted(BEHAVIOUR_WEIGHTS);
  const work = rng.fork('work');
  // One in five is self-employed, a homemaker or between jobs: no employer on file.
  const employer = work.chance(0.2) ? null : makeEmployerName(work, region.cityShort);
  // Log-uniform 3,000–30,000 yuan a month, lower for borrowers who run short; whole 100 yuan.
  const income = 3_000 * 10 ** work.next() * (behaviour === 'short_of_money' ? 0.75 : 1);
  const monthlyIncomeFen = fen(Math.max(2_000, Math.round(income / 100) * 100) * 100);

  return {
    sourceRef: `C${String(customerNo).padStart(7, '0')}`,
    name,
    gender,
    birthDate,
    idNumber,
    mobile,
    province: region.province,
    city: region.city,
    regionCode: region.code,
    address,
    timeZone: region.timeZone,
    employer,
    monthlyIncomeFen,
    behaviour,
  };
}

// A birth date that makes the person exactly `age` years old on the business date.
function birthDateForAge(rng: Rng, age: number, businessDate: BusinessDate): BusinessDate {
  const latest = addMonths(businessDate, -12 * age);
  const earliest = addDays(addMonths(businessDate, -12 * (age + 1)), 1);
  return addDays(earliest, rng.int(0, daysBetween(earliest, latest)));
}

function uniqueIdNumber(
  rng: Rng,
  regionCode: string,
  birthDate: BusinessDate,
  gender: 'M' | 'F',
  used: Set<string>,
): string {
  // 500 order codes per region, birth date and gender: random tries, then a sweep.
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = makeIdNumber({ regionCode, birthDate, sequence: rng.int(0, 999), gender });
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
  for (let sequence = 0; sequence <= 999; sequence++) {
    const id = makeIdNumber({ regionCode, birthDate, sequence, gender });
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
  throw new RangeError(`No free ID order code left for ${regionCode} ${birthDate} ${gender}`);
}

function uniqueMobile(rng: Rng, used: Set<string>): string {
  // With ~370 million numbers per draw a clash is rare; loop until a fresh one.
  for (;;) {
    const mobile = makeMobile(rng);
    if (!used.has(mobile)) {
      used.add(mobile);
      return mobile;
    }
  }
}

type Relation = '配偶' | '父亲' | '母亲' | '兄弟' | '姐妹' | '朋友' | '同事' | '工作单位';

function makeContacts(rng: Rng, customer: DemoCustomer, ctx: Context): DemoContact[] {
  const age = ageOn(customer.birthDate, ctx.businessDate);
  const married = rng.chance(age < 26 ? 0.2 : age <= 30 ? 0.55 : 0.8);
  const pool: [Relation, number][] = [
    ['父亲', 3],
    ['母亲', 3],
    ['兄弟', 1.5],
    ['姐妹', 1.5],
    ['朋友', 2],
  ];
  if (married) pool.push(['配偶', 6]);
  if (customer.employer !== null) pool.push(['同事', 1], ['工作单位', 1]);

  const out: DemoContact[] = [
    { customerRef: customer.sourceRef, role: 'self', name: customer.name, relation: '本人', phone: customer.mobile },
  ];
  const count = rng.weighted([
    [1, 0.3],
    [2, 0.5],
    [3, 0.2],
  ] as const);
  const surname = customer.name.charAt(0);
  for (let i = 0; i < count && pool.length > 0; i++) {
    const relation = rng.weighted(pool);
    // Draw without replacement: nobody lists two fathers.
    pool.splice(
      pool.findIndex(([r]) => r === relation),
      1,
    );
    let role: ContactRole = 'emergency';
    let name: string;
    switch (relation) {
      case '父亲':
        name = surname + makeGivenName(rng, 'M');
        break;
      case '兄弟':
        name = surname + makeGivenName(rng, 'M');
        break;
      case '姐妹':
        name = surname + makeGivenName(rng, 'F');
        break;
      case '母亲':
        name = makeFullName(rng, 'F');
        break;
      case '配偶':
        role = 'spouse';
        name = makeFullName(rng, customer.gender === 'M' ? 'F' : 'M');
        break;
      case '工作单位':
        role = 'employer';
        name = `${customer.employer ?? ''}人事部`;
        break;
      default:
        name = makeFullName(rng, rng.chance(0.5) ? 'M' : 'F', pickSurname(rng));
    }
    out.push({ customerRef: customer.sourceRef, role, name, relation, phone: makeMobile(rng) });
  }
  return out;
}

function ageOn(birthDate: BusinessDate, date: BusinessDate): number {
  let age = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (date.slice(5) < birthDate.slice(5)) age -= 1;
  return age;
}

function makeLoan(rng: Rng, loanNo: number, customer: DemoCustomer, product: DemoProduct, ctx: Context): DemoLoan {
  const terms = rng.fork('terms');
  const monthsBack = terms.weighted(MONTHS_BACK);
  const earliest = addMonths(ctx.businessDate, -18);
  let disbursedOn = addDays(addMonths(ctx.businessDate, -monthsBack), -terms.int(0, 29));
  if (disbursedOn < earliest) disbursedOn = earliest;

  // Squared uniform: most loans sit near the product minimum; whole 100 yuan.
  const span = product.maxPrincipalFen - product.minPrincipalFen;
  const raw = product.minPrincipalFen + span * terms.next() ** 2;
  const principalFen = fen(Math.round(raw / 10_000) * 10_000);

  const key = `${product.code}:${principalFen}`;
  let amounts = ctx.scheduleCache.get(key);
  if (amounts === undefined) {
    amounts = scheduleAmounts({
      principalFen,
      annualRate: product.annualRate,
      termMonths: product.termMonths,
      method: product.repaymentMethod,
      rounding: product.rounding,
    });
    ctx.scheduleCache.set(key, amounts);
  }
  const dueDates = scheduleDueDates(disbursedOn, product.termMonths, product.repaymentMethod);
  const installments: DemoInstallment[] = amounts.map((a, i) => ({
    seq: i + 1,
    dueOn: dueDates[i] as BusinessDate,
    principalDueFen: a.principalDueFen,
    interestDueFen: a.interestDueFen,
    // Late fees are not charged in the demo yet: fees stay 0 even on CONS-6, which names one.
    feeDueFen: ZERO_FEN,
    principalPaidFen: ZERO_FEN,
    interestPaidFen: ZERO_FEN,
    feePaidFen: ZERO_FEN,
    paidOffOn: null,
  }));

  const loanRef = `L${String(loanNo).padStart(8, '0')}`;
  simulateRepayments(rng.fork('repay'), customer.behaviour, loanRef, disbursedOn, installments, ctx);

  return {
    sourceRef: loanRef,
    customerRef: customer.sourceRef,
    productCode: product.code,
    principalFen,
    annualRate: product.annualRate,
    termMonths: product.termMonths,
    disbursedOn,
    maturityOn: dueDates[dueDates.length - 1] as BusinessDate,
    installments,
  };
}

/**
 * Writes a repayment history up to the business date. Each payment is applied oldest
 * installment first, interest before principal, so the installments' paid amounts always
 * add up to the loan's payments. Penalty interest and fees are not modelled here.
 */
function simulateRepayments(
  rng: Rng,
  behaviour: LatentBehaviour,
  loanRef: string,
  disbursedOn: BusinessDate,
  installments: DemoInstallment[],
  ctx: Context,
): void {
  const bd = ctx.businessDate;
  const remInterest = installments.map((i) => i.interestDueFen as number);
  const remPrincipal = installments.map((i) => i.principalDueFen as number);
  let open = 0; // first installment not yet paid off
  let lastPaidOn = addDays(disbursedOn, 1);

  const owedThrough = (k: number): number => {
    let sum = 0;
    for (let j = open; j <= k && j < installments.length; j++) sum += (remInterest[j] ?? 0) + (remPrincipal[j] ?? 0);
    return sum;
  };
  const installmentTotal = (k: number): number => {
    const inst = installments[k] as DemoInstallment;
    return inst.interestDueFen + inst.principalDueFen;
  };

  // Pays `amount` on `date` unless that date is still in the future; returns whether it was paid.
  const pay = (amount: number, date: BusinessDate, channel: DemoPayment['channel']): boolean => {
    // Payments are applied in date order; never before the previous one.
    const on = date < lastPaidOn ? lastPaidOn : date;
    const capped = Math.min(amount, owedThrough(installments.length - 1));
    if (on > bd || capped <= 0) return false;
    lastPaidOn = on;
    let left = capped;
    while (left > 0 && open < installments.length) {
      const inst = installments[open] as DemoInstallment;
      const i = Math.min(left, remInterest[open] ?? 0);
      remInterest[open] = (remInterest[open] ?? 0) - i;
      left -= i;
      const p = Math.min(left, remPrincipal[open] ?? 0);
      remPrincipal[open] = (remPrincipal[open] ?? 0) - p;
      left -= p;
      inst.interestPaidFen = fen(inst.interestPaidFen + i);
      inst.principalPaidFen = fen(inst.principalPaidFen + p);
      if (remInterest[open] === 0 && remPrincipal[open] === 0) {
        inst.paidOffOn = on;
        open += 1;
      }
    }
    ctx.payments.push({
      sourceRef: `P${String(ctx.nextPaymentNo++).padStart(9, '0')}`,
      loanRef,
      amountFen: fen(capped),
      receivedOn: on,
      channel,
    });
    return true;
  };

  // Pays everything owed through installment k around its due date, early or on the day.
  const payPromptly = (k: number, dueOn: BusinessDate): void => {
    const channel = rng.weighted(CHANNELS);
    // Withholding (代扣) debits on the due date itself; others pay up to 3 days ahead.
    const date = channel === 'withholding' ? dueOn : addDays(dueOn, -rng.int(0, 3));
    pay(owedThrough(k), date, channel);
  };

  // Installments paid as agreed before trouble starts (strategic defaulters, the unreachable
  // and those short of money); the rest of the term for everyone else.
  const n = installments.length;
  const stopsAfter =
    behaviour === 'strategic_defaulter'
      ? rng.int(2, 6)
      : behaviour === 'unreachable'
        ? rng.weighted([
            [0, 0.6],
            [1, 0.4],
          ] as const)
        : behaviour === 'short_of_money'
          ? rng.int(1, 9)
          : n;

  for (let k = 0; k < n; k++) {
    const dueOn = (installments[k] as DemoInstallment).dueOn;
    if (dueOn > bd) break;
    switch (behaviour) {
      case 'on_time':
        payPromptly(k, dueOn);
        break;
      case 'forgetful':
        if (rng.chance(0.03)) break; // forgets a whole month, catches up with the next one
        if (rng.chance(0.22)) pay(owedThrough(k), addDays(dueOn, rng.int(1, 10)), rng.weighted(CHANNELS));
        else payPromptly(k, dueOn);
        break;
      case 'strategic_defaulter':
      case 'unreachable':
        // Pays as agreed, then stops completely.
        if (k < stopsAfter) payPromptly(k, dueOn);
        break;
      case 'short_of_money': {
        if (k < stopsAfter) {
          payPromptly(k, dueOn);
          break;
        }
        const roll = rng.next();
        const channel = rng.weighted(CHANNELS);
        if (roll < 0.25) break; // skips the month
        if (roll < 0.55) {
          // A partial payment of 20–80% of one installment, in whole yuan.
          const part = Math.max(100, Math.round((installmentTotal(k) * (0.2 + 0.6 * rng.next())) / 100) * 100);
          pay(part, addDays(dueOn, rng.int(0, 20)), channel);
        } else if (roll < 0.85) {
          pay(installmentTotal(k), addDays(dueOn, rng.int(0, 25)), channel);
        } else {
          // Borrows from family and clears all arrears.
          pay(owedThrough(k), addDays(dueOn, rng.int(5, 25)), channel);
        }
        break;
      }
    }
  }
}

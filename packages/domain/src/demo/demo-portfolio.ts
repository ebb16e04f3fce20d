/**
 * 演示资产包 the demo portfolio generator: products, customers with contacts, loans with
 * schedules, and a repayment history up to the business date driven by each borrower's
 * latent behaviour. Pure and deterministic: the same options give a deep-equal portfolio.
 */
import {
  addDays,
  addMonths,
  type BusinessDate,
  compareDates,
  daysBetween,
  isBusinessDate,
} from '../calendar/business-date.js';
import { fen, ZERO_FEN } from '../money/money.js';
import {
  type InstallmentAmounts,
  scheduleAmounts,
  scheduleDueDates,
} from '../schedule/repayment-schedule.js';
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
import { makeFullName, makeGivenName } from './names.js';
import { makeMobile } from './phone.js';
import { createRng, type Rng, weightedTable } from './prng.js';
import { makeAddress, pickRegion } from './regions.js';

/** Most loans a single call may generate; a guard against typos such as 1e9. */
export const MAX_DEMO_LOANS = 2_000_000;

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

const BEHAVIOUR_TABLE = weightedTable(BEHAVIOUR_WEIGHTS);

// Loans per customer: ~1.23 on average, so some customers hold two or three loans.
const LOANS_PER_CUSTOMER = weightedTable([
  [1, 0.8],
  [2, 0.17],
  [3, 0.03],
] as const);

// Age bands of microfinance borrowers: mostly young to middle-aged.
const AGE_BANDS = weightedTable<readonly [number, number]>([
  [[22, 25], 0.16],
  [[26, 30], 0.24],
  [[31, 35], 0.2],
  [[36, 40], 0.15],
  [[41, 50], 0.17],
  [[51, 60], 0.08],
]);

// Withholding (代扣, the lender debits the linked card) is the commonest way microloans are repaid.
const CHANNELS = weightedTable<DemoPayment['channel']>([
  ['withholding', 0.35],
  ['alipay', 0.2],
  ['wechat_pay', 0.2],
  ['bank_transfer', 0.2],
  ['counter', 0.05],
]);

/** Oldest disbursement, in months before the business date. */
export const MAX_LOAN_AGE_MONTHS = 18;

// Disbursement months back (1..18), each month 12% rarer than the next more recent one, as in
// a growing book. Plain multiplication, not Math.pow, so every engine gets identical weights.
const MONTHS_BACK = weightedTable(
  Array.from({ length: MAX_LOAN_AGE_MONTHS }, (_, i) => {
    let w = 1;
    for (let k = 0; k < i; k++) w *= 0.88;
    return [i + 1, w] as const;
  }),
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
  const productTable = weightedTable(
    PRODUCT_MIX.map(([code, w]) => [products.find((p) => p.code === code) as DemoProduct, w] as const),
  );
  const windowStart = addMonths(businessDate, -(MAX_LOAN_AGE_MONTHS + 1));
  const ctx: Context = {
    businessDate,
    days: new DayWindow(windowStart, daysBetween(windowStart, businessDate) + 41),
    monthsBefore: Array.from({ length: MAX_LOAN_AGE_MONTHS + 1 }, (_, m) => addMonths(businessDate, -m)),
    usedIds: new Set(),
    usedMobiles: new Set(),
    scheduleCache: new Map(),
    dueDateCache: new Map(),
    birthWindowCache: new Map(),
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
    for (const contact of makeContacts(customerRng.fork('contacts'), customer, ctx)) contacts.push(contact);
    const count = Math.min(customerRng.fork('loans').weighted(LOANS_PER_CUSTOMER), loanCount - loans.length);
    for (let k = 0; k < count; k++) {
      const loanNo = loans.length + 1;
      const loanRng = root.fork(`loan:${loanNo}`);
      loans.push(makeLoan(loanRng, loanNo, customer, loanRng.weighted(productTable), ctx));
    }
  }
  return { products, customers, contacts, loans, payments: ctx.payments };
}

// State of one generator call; nothing survives the call.
interface Context {
  businessDate: BusinessDate;
  days: DayWindow;
  monthsBefore: BusinessDate[]; // [m] = the business date m months earlier
  usedIds: Set<string>;
  usedMobiles: Set<string>;
  // Amounts depend only on product and principal, due dates only on product and disbursement:
  // loans share them instead of recomputing decimals and dates a hundred thousand times.
  scheduleCache: Map<string, Map<number, InstallmentAmounts[]>>; // product code → principal → amounts
  dueDateCache: Map<string, Map<BusinessDate, BusinessDate[]>>; // product code → disbursed on → dates
  birthWindowCache: Map<number, readonly [BusinessDate, number]>;
  nextPaymentNo: number;
  payments: DemoPayment[];
}

// Every date string of the book's window, so hot loops shift dates by lookup, not by parsing.
class DayWindow {
  private readonly dates: BusinessDate[] = [];
  private readonly index = new Map<BusinessDate, number>();

  constructor(from: BusinessDate, length: number) {
    for (let i = 0; i < length; i++) {
      const date = addDays(from, i);
      this.dates.push(date);
      this.index.set(date, i);
    }
  }

  shift(date: BusinessDate, days: number): BusinessDate {
    const i = this.index.get(date);
    const hit = i === undefined ? undefined : this.dates[i + days];
    return hit ?? addDays(date, days);
  }
}

function makeCustomer(rng: Rng, customerNo: number, ctx: Context): DemoCustomer {
  // Separate streams per concern, so a new draw in one does not reshuffle the others.
  const person = rng.fork('person');
  const gender: 'M' | 'F' = person.chance(0.56) ? 'M' : 'F';
  const name = makeFullName(person, gender);
  const [minAge, maxAge] = person.weighted(AGE_BANDS);
  const birthDate = birthDateForAge(person, person.int(minAge, maxAge), ctx);

  const place = rng.fork('place');
  const region = pickRegion(place);
  const address = makeAddress(place, region);

  const idNumber = uniqueIdNumber(rng.fork('id'), region.code, birthDate, gender, ctx.usedIds);
  const mobile = uniqueMobile(rng.fork('mobile'), ctx.usedMobiles);

  const behaviour = rng.fork('behaviour').weighted(BEHAVIOUR_TABLE);
  const work = rng.fork('work');
  // One in five is self-employed, a homemaker or between jobs: no employer on file.
  const employer = work.chance(0.2) ? null : makeEmployerName(work, region.cityShort);
  // 3,000–30,000 yuan a month, skewed low (median ≈ 6,400), lower for borrowers who run short;
  // whole 100 yuan. Only + and × so that every JavaScript engine rounds the same way.
  const u = work.next();
  const income = (3_000 + 27_000 * u * u * u) * (behaviour === 'short_of_money' ? 0.75 : 1);
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
function birthDateForAge(rng: Rng, age: number, ctx: Context): BusinessDate {
  let window = ctx.birthWindowCache.get(age);
  if (window === undefined) {
    const earliest = addDays(addMonths(ctx.businessDate, -12 * (age + 1)), 1);
    const latest = addMonths(ctx.businessDate, -12 * age);
    window = [earliest, daysBetween(earliest, latest)] as const;
    ctx.birthWindowCache.set(age, window);
  }
  return addDays(window[0], rng.int(0, window[1]));
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
  // Billions of possible numbers: a clash is rare, so retry until a fresh one.
  for (;;) {
    const mobile = makeMobile(rng);
    if (!used.has(mobile)) {
      used.add(mobile);
      return mobile;
    }
  }
}

type Relation = '配偶' | '父亲' | '母亲' | '兄弟' | '姐妹' | '朋友' | '同事' | '工作单位';

const CONTACT_COUNT = weightedTable([
  [1, 0.3],
  [2, 0.5],
  [3, 0.2],
] as const);

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
    {
      customerRef: customer.sourceRef,
      role: 'self',
      name: customer.name,
      relation: '本人',
      phone: customer.mobile,
    },
  ];
  const count = rng.weighted(CONTACT_COUNT);
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
        name = makeFullName(rng, rng.chance(0.5) ? 'M' : 'F');
    }
    out.push({ customerRef: customer.sourceRef, role, name, relation, phone: makeMobile(rng) });
  }
  return out;
}

function ageOn(birthDate: BusinessDate, date: BusinessDate): number {
  const age = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Not yet had this year's birthday: MM-DD compares correctly as text.
  return date.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

function makeLoan(
  rng: Rng,
  loanNo: number,
  customer: DemoCustomer,
  product: DemoProduct,
  ctx: Context,
): DemoLoan {
  const terms = rng.fork('terms');
  const monthsBack = terms.weighted(MONTHS_BACK);
  const earliest = ctx.monthsBefore[MAX_LOAN_AGE_MONTHS] as BusinessDate;
  const shifted = ctx.days.shift(ctx.monthsBefore[monthsBack] as BusinessDate, -terms.int(0, 29));
  const disbursedOn = compareDates(shifted, earliest) < 0 ? earliest : shifted;

  // Squared uniform: most loans sit near the product minimum; whole 100 yuan.
  const span = product.maxPrincipalFen - product.minPrincipalFen;
  const u = terms.next();
  const raw = product.minPrincipalFen + span * u * u;
  const principalFen = fen(Math.round(raw / 10_000) * 10_000);

  let byPrincipal = ctx.scheduleCache.get(product.code);
  if (byPrincipal === undefined) {
    byPrincipal = new Map();
    ctx.scheduleCache.set(product.code, byPrincipal);
  }
  let amounts = byPrincipal.get(principalFen);
  if (amounts === undefined) {
    amounts = scheduleAmounts({
      principalFen,
      annualRate: product.annualRate,
      termMonths: product.termMonths,
      method: product.repaymentMethod,
      rounding: product.rounding,
    });
    byPrincipal.set(principalFen, amounts);
  }
  let byDisbursement = ctx.dueDateCache.get(product.code);
  if (byDisbursement === undefined) {
    byDisbursement = new Map();
    ctx.dueDateCache.set(product.code, byDisbursement);
  }
  let dueDates = byDisbursement.get(disbursedOn);
  if (dueDates === undefined) {
    dueDates = scheduleDueDates(disbursedOn, product.termMonths, product.repaymentMethod);
    byDisbursement.set(disbursedOn, dueDates);
  }

  const installments: DemoInstallment[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const a = amounts[i] as InstallmentAmounts;
    installments.push({
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
    });
  }

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

const UNREACHABLE_PAID = weightedTable([
  [0, 0.6],
  [1, 0.4],
] as const);

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
  const n = installments.length;
  const remInterest: number[] = [];
  const remPrincipal: number[] = [];
  let totalOwed = 0;
  for (const inst of installments) {
    remInterest.push(inst.interestDueFen);
    remPrincipal.push(inst.principalDueFen);
    totalOwed += inst.interestDueFen + inst.principalDueFen;
  }
  let open = 0; // first installment not yet paid off
  let lastPaidOn = ctx.days.shift(disbursedOn, 1);

  const owedThrough = (k: number): number => {
    let sum = 0;
    for (let j = open; j <= k; j++) sum += (remInterest[j] as number) + (remPrincipal[j] as number);
    return sum;
  };
  const installmentTotal = (k: number): number => {
    const inst = installments[k] as DemoInstallment;
    return inst.interestDueFen + inst.principalDueFen;
  };

  // Pays `amount` on `date` unless that date is after the business date.
  const pay = (amount: number, date: BusinessDate, channel: DemoPayment['channel']): void => {
    // Payments are applied in date order: never before the previous one.
    const on = compareDates(date, lastPaidOn) < 0 ? lastPaidOn : date;
    const capped = Math.min(amount, totalOwed);
    if (on > bd || capped <= 0) return;
    lastPaidOn = on;
    totalOwed -= capped;
    let left = capped;
    while (left > 0 && open < n) {
      const inst = installments[open] as DemoInstallment;
      const i = Math.min(left, remInterest[open] as number);
      const p = Math.min(left - i, remPrincipal[open] as number);
      remInterest[open] = (remInterest[open] as number) - i;
      remPrincipal[open] = (remPrincipal[open] as number) - p;
      left -= i + p;
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
  };

  // Pays everything owed through installment k on or a little before its due date.
  const payPromptly = (k: number, dueOn: BusinessDate): void => {
    const channel = rng.weighted(CHANNELS);
    // Withholding debits on the due date itself; borrowers paying by hand come up to 3 days early.
    const date = channel === 'withholding' ? dueOn : ctx.days.shift(dueOn, -rng.int(0, 3));
    pay(owedThrough(k), date, channel);
  };

  // How many installments are paid as agreed before the behaviour shows.
  let paysFirst = n;
  if (behaviour === 'forgetful') paysFirst = 0;
  else if (behaviour === 'strategic_defaulter') paysFirst = rng.int(2, 6);
  else if (behaviour === 'unreachable') paysFirst = rng.weighted(UNREACHABLE_PAID);
  else if (behaviour === 'short_of_money') paysFirst = rng.int(1, 9);

  for (let k = 0; k < n; k++) {
    const dueOn = (installments[k] as DemoInstallment).dueOn;
    if (dueOn > bd) break;
    if (k < paysFirst) {
      payPromptly(k, dueOn);
      continue;
    }
    switch (behaviour) {
      case 'forgetful':
        // Now and then forgets a whole month and catches up with the next one.
        if (rng.chance(0.03)) break;
        if (rng.chance(0.22)) {
          pay(owedThrough(k), ctx.days.shift(dueOn, rng.int(1, 10)), rng.weighted(CHANNELS));
        } else {
          payPromptly(k, dueOn);
        }
        break;
      case 'short_of_money': {
        const roll = rng.next();
        const channel = rng.weighted(CHANNELS);
        if (roll < 0.25) break; // skips the month
        if (roll < 0.55) {
          // A partial payment of 20–80% of one installment, in whole yuan.
          const part = Math.max(
            100,
            Math.round((installmentTotal(k) * (0.2 + 0.6 * rng.next())) / 100) * 100,
          );
          pay(part, ctx.days.shift(dueOn, rng.int(0, 20)), channel);
        } else if (roll < 0.85) {
          pay(installmentTotal(k), ctx.days.shift(dueOn, rng.int(0, 25)), channel);
        } else {
          // Borrows from family and clears all arrears.
          pay(owedThrough(k), ctx.days.shift(dueOn, rng.int(5, 25)), channel);
        }
        break;
      }
      default:
        // Strategic defaulters and the unreachable stop paying completely.
        break;
    }
  }
}

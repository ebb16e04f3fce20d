/**
 * 默认模板 the message templates Huikuan ships for the default strategy: one zh-CN and one
 * en-US text for every code in DEFAULT_TEMPLATE_CODES, on the channel the strategy's steps
 * send it by. Content follows the plan (seed/README.md):
 *
 * - M1 day 1–2 (SMS, push): polite; the overdue amount, the due date and how to repay.
 * - Promise reminder (SMS, the day before): the promised date and amount.
 * - M2 notice (SMS): the credit-record consequence stated as the rules put it (overdue records
 *   may be reported to the credit reference database), and an offer to agree a plan.
 * - Emergency contact (third party): only that the institution asks the debtor to call back —
 *   no debt word, no debt variable (cn.no-disclosure).
 * - M3 demand letter: the total outstanding and how it is made up, a deadline (15 days, the
 *   strategy's legal-review offset) and the lawful next steps — no threat.
 *
 * Every template names the institution (cn.identify) and passes validateTemplate with the
 * built-in phrases; text messages stay within 300 characters at the longest accepted values.
 */
import type { MessageTemplate, TemplateChannel } from './message-template.js';

/** 默认模板 one shipped template: its code (as the strategy names it), channel and content. */
export interface DefaultTemplate {
  code: string;
  channel: TemplateChannel;
  template: MessageTemplate;
}

const entry = (code: string, template: MessageTemplate): DefaultTemplate =>
  Object.freeze({ code, channel: template.channel, template: Object.freeze(template) });

/** 默认模板 the shipped templates: each DEFAULT_TEMPLATE_CODES code in zh-CN and en-US (frozen). */
export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = Object.freeze([
  // M1, days 1–2: SMS.
  entry('sms.m1.reminder', {
    channel: 'sms',
    locale: 'zh-CN',
    body:
      '【{{institutionName}}】{{debtorName}}您好,您的借款应还日期为{{dueDate}},目前逾期金额{{overdueAmount}}。' +
      '请您尽快通过{{repaymentChannels}}还款,或打开 {{repaymentLink}} 自助还款。' +
      '如已还款请忽略本短信,如有疑问请致电{{servicePhone}}。',
  }),
  entry('sms.m1.reminder', {
    channel: 'sms',
    locale: 'en-US',
    body:
      '{{institutionName}}: Dear {{debtorName}}, {{overdueAmount}} due on {{dueDate}} is overdue. ' +
      'Please pay via {{repaymentChannels}}, or at {{repaymentLink}}. If paid, please ignore this.',
  }),

  // M1, days 1–2: app push.
  entry('push.m1.reminder', {
    channel: 'push',
    locale: 'zh-CN',
    body:
      '{{institutionName}}还款提醒:{{debtorName}}您好,您应于{{dueDate}}还款,目前逾期金额{{overdueAmount}}。' +
      '可通过{{repaymentChannels}}还款,或点击 {{repaymentLink}} 自助还款。如已还款请忽略。',
  }),
  entry('push.m1.reminder', {
    channel: 'push',
    locale: 'en-US',
    body:
      '{{institutionName}} payment reminder: {{debtorName}}, {{overdueAmount}} was due on {{dueDate}} and is now overdue. ' +
      'You can pay via {{repaymentChannels}}, or at {{repaymentLink}}. If you have already paid, please ignore this.',
  }),

  // The day before a promised date: SMS.
  entry('sms.promise.reminder', {
    channel: 'sms',
    locale: 'zh-CN',
    body:
      '【{{institutionName}}】{{debtorName}}您好,感谢您承诺于{{promiseDate}}前还款{{promiseAmount}},约定日期即将到来。' +
      '请通过{{repaymentChannels}}或打开 {{repaymentLink}} 按时还款。' +
      '如已还款请忽略,如有困难请致电{{servicePhone}}。',
  }),
  entry('sms.promise.reminder', {
    channel: 'sms',
    locale: 'en-US',
    body:
      '{{institutionName}}: {{debtorName}}, thank you for your promise to pay {{promiseAmount}} by {{promiseDate}}. ' +
      'That date is near; please pay at {{repaymentLink}}. If you have paid, please ignore this.',
  }),

  // M2, weekly: the credit-record consequence, stated lawfully.
  entry('sms.m2.notice', {
    channel: 'sms',
    locale: 'zh-CN',
    body:
      '【{{institutionName}}】{{debtorName}}您好,您的借款已逾期{{dpd}}天,逾期金额{{overdueAmount}}。' +
      '逾期记录可能按规定报送金融信用信息基础数据库,影响您的信用记录。' +
      '请尽快通过 {{repaymentLink}} 还款;如还款确有困难,请致电{{servicePhone}}协商还款方案。',
  }),
  entry('sms.m2.notice', {
    channel: 'sms',
    locale: 'en-US',
    body:
      '{{institutionName}}: your loan is {{dpd}} days overdue ({{overdueAmount}}). ' +
      'Overdue records may be reported to the credit reference database as the rules require. ' +
      'Pay at {{repaymentLink}} or call {{servicePhone}} to agree a plan.',
  }),

  // M2, debtor unreachable: a call-back request to an emergency contact (third party).
  entry('sms.emergency.callback', {
    channel: 'emergency-contact-message',
    locale: 'zh-CN',
    body: '您好,这里是{{institutionName}},有事需要联系{{debtorName}},麻烦您转告其回电{{callbackPhone}},谢谢。',
  }),
  entry('sms.emergency.callback', {
    channel: 'emergency-contact-message',
    locale: 'en-US',
    body: 'Hello from {{institutionName}}: could you please ask {{debtorName}} to call us back on {{callbackPhone}}? Thank you.',
  }),

  // M3+, first day: the demand letter (traceable mail).
  entry('letter.m3.demand', {
    channel: 'letter',
    locale: 'zh-CN',
    subject: '{{institutionName}}还款催告函',
    body:
      '{{debtorName}}:\n\n' +
      '您在{{institutionName}}的借款自{{dueDate}}起逾期未还,至今已逾期{{dpd}}天。' +
      '截至本函发出之日,您的全部未还金额为{{totalOutstanding}},其中逾期金额{{overdueAmount}},包括逾期本金{{overduePrincipal}}、' +
      '罚息{{penaltyInterest}}、费用{{lateFees}}。\n\n' +
      '计算口径:全部未还金额 = 全部未还本金(含未到期部分)+ 逾期利息 + 罚息 + 费用;' +
      '罚息 = 每日(逾期本金 × 罚息年利率 ÷ 360)之和,罚息年利率按合同约定;费用为合同约定的逾期费用,' +
      '利息、罚息与费用合计不超过综合年化成本上限。\n\n' +
      '请您自收到本函之日起15日内,通过{{repaymentChannels}}或打开 {{repaymentLink}} 清偿上述款项。' +
      '如还款确有困难,或对上述金额有异议,请在此期限内致电{{servicePhone}}与我们联系,协商还款方案或核实金额。\n\n' +
      '如期限届满仍未清偿,也未与我们达成还款安排,{{institutionName}}可能依法提起诉讼或通过其他法律途径主张权利;' +
      '逾期记录可能按规定报送金融信用信息基础数据库。\n\n' +
      '{{institutionName}}',
  }),
  entry('letter.m3.demand', {
    channel: 'letter',
    locale: 'en-US',
    subject: '{{institutionName}}: formal demand for payment',
    body:
      'Dear {{debtorName}},\n\n' +
      'Your loan with {{institutionName}} has been overdue since {{dueDate}}, for {{dpd}} days now. ' +
      'As of the date of this letter, your total outstanding is {{totalOutstanding}}. Of this, {{overdueAmount}} is overdue: ' +
      'overdue principal {{overduePrincipal}}, penalty interest {{penaltyInterest}} and fees {{lateFees}}.\n\n' +
      'How the figures are made up: total outstanding = all unpaid principal (due or not) + overdue interest + ' +
      'penalty interest + fees. Penalty interest = the sum over the days of (overdue principal × penalty annual rate ÷ 360), ' +
      'at the rate in your contract. Fees are the late fees your contract provides for; interest, penalty interest and ' +
      'fees together stay within the all-in annual cost cap.\n\n' +
      'Please pay this amount within 15 days of receiving this letter, via {{repaymentChannels}}, or at {{repaymentLink}}. ' +
      'If you cannot pay in full, or you dispute the amount, please call us on {{servicePhone}} within that time ' +
      'so that we can agree a payment plan or check the figures with you.\n\n' +
      'If the amount is not paid and no arrangement is agreed by then, {{institutionName}} may file a lawsuit or take ' +
      'other lawful steps to recover it, and overdue records may be reported to the credit reference database as the rules require.\n\n' +
      '{{institutionName}}',
  }),
]);

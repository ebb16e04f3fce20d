/**
 * 话术 the stage scripts a collector follows, from the plan (seed/plan.zh.md): what to say at
 * each stage and the statements every call must make — who is calling (the institution), how
 * the charges are computed, and what overdue means for the credit record. The required
 * statements are checked off in the workstation; the texts are data with the institution's
 * name and the case's figures filled in.
 */
import type { LocalizedText } from '../compliance/rule-pack.js';
import type { CaseStage } from '../strategy/segment-conditions.js';

export interface ScriptStatement {
  id: string;
  /** Must be said on every right-party call (checked off in the workstation). */
  required: boolean;
  text: LocalizedText;
}

export interface StageScript {
  stage: CaseStage;
  goal: LocalizedText;
  statements: ScriptStatement[];
}

export interface ScriptFacts {
  institutionName: string;
  collectorName: string;
  overdueAmount: string; // formatted, e.g. ¥5,078.75
  dpd: number;
  /** The penalty formula in words, e.g. "未还本金 × 年利率 18% × 1.5 ÷ 360 × 逾期天数". */
  penaltyFormula: LocalizedText;
}

const GOALS: Record<CaseStage, LocalizedText> = {
  early: {
    'zh-CN': '提醒还款,了解情况,初步施压',
    'en-US': 'Remind, understand the situation, apply first pressure',
  },
  middle: {
    'zh-CN': '强化施压,明确后果,寻求解决方案',
    'en-US': 'Press harder, make the consequences clear, look for a solution',
  },
  late: {
    'zh-CN': '评估回收可能性,法律措施前准备',
    'en-US': 'Assess recovery, prepare for legal steps',
  },
  legal: { 'zh-CN': '配合法律程序,记录沟通', 'en-US': 'Support the legal process, record every contact' },
  agency: { 'zh-CN': '委外处理中,记录沟通', 'en-US': 'Placed with an agency; record every contact' },
  write_off: {
    'zh-CN': '账销案存,继续合规回收',
    'en-US': 'Written off; recoveries continue within the rules',
  },
};

/** The script for a case's stage, with the required statements first. */
export function stageScript(stage: CaseStage, f: ScriptFacts): StageScript {
  const required: ScriptStatement[] = [
    {
      id: 'identify',
      required: true,
      text: {
        'zh-CN': `您好,我是${f.institutionName}的工作人员${f.collectorName},请问是借款人本人吗?`,
        'en-US': `Hello, this is ${f.collectorName} from ${f.institutionName}. Am I speaking with the borrower?`,
      },
    },
    {
      id: 'amount-and-fees',
      required: true,
      text: {
        'zh-CN': `您的借款已逾期${f.dpd}天,逾期金额 ${f.overdueAmount}。罚息计算方式:${f.penaltyFormula['zh-CN']}。`,
        'en-US': `Your loan is ${f.dpd} days overdue; ${f.overdueAmount} is overdue. Penalty interest is computed as: ${f.penaltyFormula['en-US']}.`,
      },
    },
    {
      id: 'credit-record',
      required: true,
      text: {
        'zh-CN': '逾期记录将按规定报送征信系统,可能影响您今后的贷款和信用卡申请。',
        'en-US':
          'Overdue records are reported to the credit reference system as required and may affect future credit.',
      },
    },
  ];
  const byStage: Record<CaseStage, ScriptStatement[]> = {
    early: [
      s('received-reminder', '请问您是否收到了我们的还款提醒短信?', 'Did you receive our reminder message?'),
      s(
        'reason',
        '请问未能按时还款的原因是什么?(遗忘、账户问题还是资金困难)',
        'What kept you from paying on time? (forgot, account problem, or money trouble)',
      ),
      s('promise', '请问您计划哪天还款?金额是多少?', 'When will you pay, and how much?'),
    ],
    middle: [
      s(
        'severity',
        '您的逾期时间已较长,逾期记录会对您的个人信用报告产生负面影响。',
        'You have been overdue for a long time; this harms your credit report.',
      ),
      s(
        'plan',
        '如果您确有困难,我们可以协商短期可行的还款计划(延期、部分还款),需要您书面确认。',
        'If you are in difficulty we can agree a short plan (extension, partial payment), confirmed in writing.',
      ),
      s(
        'position',
        '如不配合还款,机构将考虑采取进一步措施。',
        'Without cooperation the institution will consider further steps.',
      ),
    ],
    late: [
      s(
        'demand',
        '我们已向您发出正式催收函,请在函件限定期限内履行还款义务。',
        'We have sent you a formal demand letter; please pay within its deadline.',
      ),
      s(
        'legal',
        '逾期仍未还款的,机构将依法采取诉讼、仲裁等措施。',
        'If the debt stays unpaid the institution will take legal action (litigation, arbitration).',
      ),
    ],
    legal: [
      s(
        'legal-status',
        '您的案件已进入法律程序,请与我们沟通解决。',
        'Your case is in legal proceedings; please talk to us to resolve it.',
      ),
    ],
    agency: [s('agency', '您的案件已委托合作机构处理。', 'Your case has been placed with a partner agency.')],
    write_off: [s('recovery', '您的欠款仍需偿还。', 'Your debt is still owed.')],
  };
  return { stage, goal: GOALS[stage], statements: [...required, ...byStage[stage]] };
}

function s(id: string, zh: string, en: string): ScriptStatement {
  return { id, required: false, text: { 'zh-CN': zh, 'en-US': en } };
}

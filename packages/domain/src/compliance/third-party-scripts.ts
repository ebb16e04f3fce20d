/**
 * 第三方话术 approved scripts for contacting anyone but the debtor (cn.no-disclosure,
 * us.third-parties): they name the caller and the institution, ask for a message to be passed on
 * or for a working number, and never mention a debt, an amount, the lender's business or any
 * consequence. Only these may be used with a third party; `{institution}`, `{debtorName}` and
 * `{callbackPhone}` are filled in when the script is shown.
 */
import type { LocalizedText } from './rule-pack.js';

export interface ThirdPartyScript {
  code: string;
  purpose: LocalizedText;
  text: LocalizedText;
}

export const THIRD_PARTY_SCRIPTS: readonly ThirdPartyScript[] = [
  {
    code: 'tp.callback-request',
    purpose: { 'zh-CN': '请第三方转告回电', 'en-US': 'Ask the third party to pass on a call-back request' },
    text: {
      'zh-CN':
        '您好,我是{institution}的工作人员,有事需要联系{debtorName},麻烦您转告其回电{callbackPhone},谢谢。',
      'en-US':
        'Hello, I am calling from {institution} for {debtorName}. Could you ask them to call us back on {callbackPhone}? Thank you.',
    },
  },
  {
    code: 'tp.location-request',
    purpose: { 'zh-CN': '询问债务人的有效联系方式', 'en-US': "Ask for the debtor's current contact details" },
    text: {
      'zh-CN':
        '您好,我是{institution}的工作人员,我们暂时联系不上{debtorName},请问您是否方便提供其现在可用的联系电话?',
      'en-US':
        'Hello, I am calling from {institution}. We are trying to reach {debtorName}; do you have a current phone number for them?',
    },
  },
];

/** The approved script with a code, or undefined. */
export function thirdPartyScript(code: string): ThirdPartyScript | undefined {
  return THIRD_PARTY_SCRIPTS.find((s) => s.code === code);
}

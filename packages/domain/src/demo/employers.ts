/**
 * 工作单位 fictitious employer names for demo customers, built as Chinese companies are
 * named: city + trade name (字号) + trade + legal form, e.g. "杭州恒信电子有限公司".
 */
import type { Rng } from './prng.js';

/** 字号 trade names of the auspicious kind small Chinese firms favour. */
export const TRADE_NAMES: readonly string[] = [
  '恒信',
  '华盛',
  '鑫达',
  '瑞丰',
  '宏远',
  '永利',
  '金诚',
  '嘉禾',
  '天成',
  '博众',
  '盛源',
  '新锐',
  '德润',
  '汇通',
  '安泰',
  '中联',
  '兴隆',
  '万象',
  '荣昌',
  '启明',
  '同创',
  '佳和',
  '鼎盛',
  '润泽',
  '海纳',
];

/** 行业 trades, as they appear in company names. */
export const TRADES: readonly string[] = [
  '电子',
  '商贸',
  '物流',
  '建筑工程',
  '餐饮管理',
  '食品',
  '机械制造',
  '网络科技',
  '服装',
  '家居',
  '医药',
  '汽车服务',
  '物业管理',
  '装饰工程',
  '教育咨询',
  '信息技术',
  '包装材料',
  '电器',
  '文化传媒',
  '劳务派遣',
];

/** 单位名称 a fictitious company name in the given city, such as "杭州恒信电子有限公司". */
export function makeEmployerName(rng: Rng, cityShort: string): string {
  const form = rng.chance(0.85) ? '有限公司' : '股份有限公司';
  return `${cityShort}${rng.pick(TRADE_NAMES)}${rng.pick(TRADES)}${form}`;
}

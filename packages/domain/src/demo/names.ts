/**
 * 姓名 name tables for demo customers and contacts: common surnames weighted roughly by
 * their share of the population, and given-name characters split by typical gender.
 */
import { type Rng, weightedTable } from './prng.js';

/** 常见姓氏 surnames with weights in hundredths of a percent of the population (approximate). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 710],
  ['李', 700],
  ['张', 660],
  ['刘', 540],
  ['陈', 450],
  ['杨', 310],
  ['黄', 220],
  ['赵', 200],
  ['吴', 180],
  ['周', 170],
  ['徐', 140],
  ['孙', 130],
  ['马', 120],
  ['朱', 110],
  ['胡', 110],
  ['郭', 100],
  ['何', 90],
  ['林', 90],
  ['高', 90],
  ['罗', 80],
  ['郑', 80],
  ['梁', 70],
  ['谢', 60],
  ['宋', 60],
  ['唐', 60],
  ['许', 50],
  ['韩', 50],
  ['邓', 50],
  ['冯', 50],
  ['曹', 50],
  ['彭', 50],
  ['曾', 50],
  ['肖', 50],
  ['田', 40],
  ['董', 40],
  ['潘', 40],
  ['袁', 40],
  ['蔡', 40],
  ['蒋', 40],
  ['余', 40],
  ['于', 40],
  ['杜', 40],
  ['叶', 40],
  ['程', 35],
  ['魏', 35],
  ['苏', 35],
  ['吕', 35],
  ['丁', 35],
  ['任', 35],
  ['卢', 30],
  ['姚', 30],
  ['沈', 30],
  ['钟', 30],
  ['姜', 30],
  ['崔', 30],
  ['谭', 30],
  ['陆', 30],
  ['范', 25],
  ['汪', 25],
  ['廖', 25],
  ['石', 25],
  ['金', 25],
  ['韦', 25],
  ['贾', 25],
  ['夏', 25],
  ['付', 25],
  ['方', 25],
  ['邹', 20],
  ['熊', 20],
  ['白', 20],
  ['孟', 20],
  ['秦', 20],
  ['邱', 20],
  ['侯', 20],
  ['江', 20],
  ['尹', 20],
  ['薛', 20],
  ['闫', 20],
  ['段', 20],
  ['雷', 20],
  ['龙', 15],
  ['黎', 15],
  ['史', 15],
  ['陶', 15],
  ['贺', 15],
  ['毛', 15],
  ['郝', 15],
  ['顾', 15],
];

/** 男性常用名字 given-name characters typical of men. */
export const MALE_GIVEN_CHARS: readonly string[] = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国峰亮成东',
  ...'文志海兵晨博轩睿泽昊然铭天翔宏坤德荣振豪毅锋哲森江永庆彬航晖立力胜武良',
  ...'光瑞祥耀恒晟骏鸿学义兴福',
];

/** 女性常用名字 given-name characters typical of women. */
export const FEMALE_GIVEN_CHARS: readonly string[] = [
  ...'芳娜敏静丽艳娟霞燕玲婷雪慧琳倩颖洁璐晶梅莉萍红琴蓉佳欣悦怡彤萱涵蕾薇娅',
  ...'媛瑶婧珊露岚雯晴妍琪璇菲莹丹青凤兰秀英月春玉晓诗梦雨思紫淑珍桂爱瑾婉茜',
  ...'蕊馨楠甜菁芸',
];

const SURNAME_TABLE = weightedTable(SURNAMES);

/** 姓氏 a surname drawn by population weight. */
export function pickSurname(rng: Rng): string {
  return rng.weighted(SURNAME_TABLE);
}

/** 名 a one- or two-character given name typical of the gender. */
export function makeGivenName(rng: Rng, gender: 'M' | 'F'): string {
  const chars = gender === 'M' ? MALE_GIVEN_CHARS : FEMALE_GIVEN_CHARS;
  const first = rng.pick(chars);
  // About a third of people born since the 1970s have a single-character given name.
  if (rng.chance(0.3)) return first;
  // Doubled characters (婷婷, 欢欢) are common for women, rare for men.
  if (gender === 'F' && rng.chance(0.06)) return first + first;
  let second = rng.pick(chars);
  while (second === first) second = rng.pick(chars);
  return first + second;
}

/** 姓名 a full name: surname then given name, consistent with the gender. */
export function makeFullName(rng: Rng, gender: 'M' | 'F', surname: string = pickSurname(rng)): string {
  return surname + makeGivenName(rng, gender);
}

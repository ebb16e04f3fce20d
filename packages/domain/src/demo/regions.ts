/**
 * 行政区划 regions for demo customers: real 6-digit administrative division codes (GB/T 2260)
 * of city districts, weighted roughly by population, each with its IANA time zone, plus
 * generic street and residential-compound names for building plausible addresses.
 */
import { type Rng, weightedTable } from './prng.js';

export interface DemoRegion {
  code: string; // 6-digit administrative division code, the first 6 digits of a local ID number
  province: string; // zh-CN, e.g. "浙江省" (a municipality names itself: "北京市")
  city: string; // zh-CN, e.g. "杭州市"
  cityShort: string; // the city without 市, for company names: "杭州"
  district: string; // zh-CN, e.g. "西湖区"; empty for cities without districts (东莞市)
  timeZone: string; // IANA zone
  weight: number; // relative share of demo customers
}

const CST = 'Asia/Shanghai';
// Xinjiang keeps Beijing time officially, but daily life (and call hours) follows UTC+6.
const XINJIANG = 'Asia/Urumqi';

/** 地区表 the demo's regions. */
export const REGIONS: readonly DemoRegion[] = [
  {
    code: '110105',
    province: '北京市',
    city: '北京市',
    cityShort: '北京',
    district: '朝阳区',
    timeZone: CST,
    weight: 6,
  },
  {
    code: '110108',
    province: '北京市',
    city: '北京市',
    cityShort: '北京',
    district: '海淀区',
    timeZone: CST,
    weight: 5,
  },
  {
    code: '310115',
    province: '上海市',
    city: '上海市',
    cityShort: '上海',
    district: '浦东新区',
    timeZone: CST,
    weight: 8,
  },
  {
    code: '310104',
    province: '上海市',
    city: '上海市',
    cityShort: '上海',
    district: '徐汇区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '120101',
    province: '天津市',
    city: '天津市',
    cityShort: '天津',
    district: '和平区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '500103',
    province: '重庆市',
    city: '重庆市',
    cityShort: '重庆',
    district: '渝中区',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '440106',
    province: '广东省',
    city: '广州市',
    cityShort: '广州',
    district: '天河区',
    timeZone: CST,
    weight: 5,
  },
  {
    code: '440305',
    province: '广东省',
    city: '深圳市',
    cityShort: '深圳',
    district: '南山区',
    timeZone: CST,
    weight: 5,
  },
  {
    code: '441900',
    province: '广东省',
    city: '东莞市',
    cityShort: '东莞',
    district: '',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '440604',
    province: '广东省',
    city: '佛山市',
    cityShort: '佛山',
    district: '禅城区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '330106',
    province: '浙江省',
    city: '杭州市',
    cityShort: '杭州',
    district: '西湖区',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '330212',
    province: '浙江省',
    city: '宁波市',
    cityShort: '宁波',
    district: '鄞州区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '320102',
    province: '江苏省',
    city: '南京市',
    cityShort: '南京',
    district: '玄武区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '320506',
    province: '江苏省',
    city: '苏州市',
    cityShort: '苏州',
    district: '吴中区',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '370102',
    province: '山东省',
    city: '济南市',
    cityShort: '济南',
    district: '历下区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '370202',
    province: '山东省',
    city: '青岛市',
    cityShort: '青岛',
    district: '市南区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '410105',
    province: '河南省',
    city: '郑州市',
    cityShort: '郑州',
    district: '金水区',
    timeZone: CST,
    weight: 5,
  },
  {
    code: '420106',
    province: '湖北省',
    city: '武汉市',
    cityShort: '武汉',
    district: '武昌区',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '430104',
    province: '湖南省',
    city: '长沙市',
    cityShort: '长沙',
    district: '岳麓区',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '510107',
    province: '四川省',
    city: '成都市',
    cityShort: '成都',
    district: '武侯区',
    timeZone: CST,
    weight: 6,
  },
  {
    code: '610113',
    province: '陕西省',
    city: '西安市',
    cityShort: '西安',
    district: '雁塔区',
    timeZone: CST,
    weight: 4,
  },
  {
    code: '350203',
    province: '福建省',
    city: '厦门市',
    cityShort: '厦门',
    district: '思明区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '350102',
    province: '福建省',
    city: '福州市',
    cityShort: '福州',
    district: '鼓楼区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '340104',
    province: '安徽省',
    city: '合肥市',
    cityShort: '合肥',
    district: '蜀山区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '360102',
    province: '江西省',
    city: '南昌市',
    cityShort: '南昌',
    district: '东湖区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '450103',
    province: '广西壮族自治区',
    city: '南宁市',
    cityShort: '南宁',
    district: '青秀区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '530102',
    province: '云南省',
    city: '昆明市',
    cityShort: '昆明',
    district: '五华区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '520102',
    province: '贵州省',
    city: '贵阳市',
    cityShort: '贵阳',
    district: '南明区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '130102',
    province: '河北省',
    city: '石家庄市',
    cityShort: '石家庄',
    district: '长安区',
    timeZone: CST,
    weight: 3,
  },
  {
    code: '140105',
    province: '山西省',
    city: '太原市',
    cityShort: '太原',
    district: '小店区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '210102',
    province: '辽宁省',
    city: '沈阳市',
    cityShort: '沈阳',
    district: '和平区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '220102',
    province: '吉林省',
    city: '长春市',
    cityShort: '长春',
    district: '南关区',
    timeZone: CST,
    weight: 1,
  },
  {
    code: '230103',
    province: '黑龙江省',
    city: '哈尔滨市',
    cityShort: '哈尔滨',
    district: '南岗区',
    timeZone: CST,
    weight: 2,
  },
  {
    code: '620102',
    province: '甘肃省',
    city: '兰州市',
    cityShort: '兰州',
    district: '城关区',
    timeZone: CST,
    weight: 1,
  },
  {
    code: '150102',
    province: '内蒙古自治区',
    city: '呼和浩特市',
    cityShort: '呼和浩特',
    district: '新城区',
    timeZone: CST,
    weight: 1,
  },
  {
    code: '460108',
    province: '海南省',
    city: '海口市',
    cityShort: '海口',
    district: '美兰区',
    timeZone: CST,
    weight: 1,
  },
  {
    code: '650102',
    province: '新疆维吾尔自治区',
    city: '乌鲁木齐市',
    cityShort: '乌鲁木齐',
    district: '天山区',
    timeZone: XINJIANG,
    weight: 2,
  },
  {
    code: '650104',
    province: '新疆维吾尔自治区',
    city: '乌鲁木齐市',
    cityShort: '乌鲁木齐',
    district: '新市区',
    timeZone: XINJIANG,
    weight: 1,
  },
];

/** 街道 street names common to many Chinese cities, so none points at one real address. */
export const STREET_NAMES: readonly string[] = [
  '人民路',
  '中山路',
  '解放路',
  '建设路',
  '和平路',
  '新华路',
  '文化路',
  '胜利路',
  '长江路',
  '黄河路',
  '幸福路',
  '光明路',
  '友谊路',
  '青年路',
  '朝阳路',
  '东风路',
  '公园路',
  '滨河路',
  '迎宾大道',
  '学府路',
  '环城北路',
  '工业大道',
  '健康路',
  '团结路',
  '振兴路',
  '民主路',
  '北京路',
  '南京路',
  '花园路',
  '体育路',
];

/** 小区 residential-compound names. */
export const COMPOUND_NAMES: readonly string[] = [
  '阳光花园',
  '金色家园',
  '翠苑小区',
  '锦绣华庭',
  '碧水湾',
  '幸福里',
  '绿城桂花园',
  '东方名苑',
  '和谐家园',
  '御景华府',
  '紫荆苑',
  '枫林小区',
  '新城国际',
  '丽景湾',
  '春晓苑',
  '盛世华庭',
  '滨江花园',
  '梧桐苑',
  '书香门第',
  '康乐小区',
];

const REGION_TABLE = weightedTable(REGIONS.map((r) => [r, r.weight] as const));

/** 地区 a region drawn by population weight. */
export function pickRegion(rng: Rng): DemoRegion {
  return rng.weighted(REGION_TABLE);
}

/** 住址 a plausible home address in the region: street, number, compound, building, unit, room. */
export function makeAddress(rng: Rng, region: DemoRegion): string {
  // A municipality's name is already its province's: "北京市朝阳区…", not "北京市北京市…".
  const head =
    (region.province === region.city ? region.city : region.province + region.city) + region.district;
  const street = `${rng.pick(STREET_NAMES)}${rng.int(1, 999)}号`;
  const room = `${rng.int(1, 32)}${String(rng.int(1, 4)).padStart(2, '0')}室`;
  if (rng.chance(0.25)) return `${head}${street}${rng.int(1, 12)}号楼${room}`;
  return `${head}${street}${rng.pick(COMPOUND_NAMES)}${rng.int(1, 30)}栋${rng.int(1, 6)}单元${room}`;
}

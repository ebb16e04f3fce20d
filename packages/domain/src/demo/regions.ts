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

// [division code, province, city, district, weight]
const REGION_ROWS: readonly (readonly [string, string, string, string, number])[] = [
  ['110105', '北京市', '北京市', '朝阳区', 6],
  ['110108', '北京市', '北京市', '海淀区', 5],
  ['310115', '上海市', '上海市', '浦东新区', 8],
  ['310104', '上海市', '上海市', '徐汇区', 3],
  ['120101', '天津市', '天津市', '和平区', 2],
  ['500103', '重庆市', '重庆市', '渝中区', 4],
  ['440106', '广东省', '广州市', '天河区', 5],
  ['440305', '广东省', '深圳市', '南山区', 5],
  ['441900', '广东省', '东莞市', '', 4],
  ['440604', '广东省', '佛山市', '禅城区', 3],
  ['330106', '浙江省', '杭州市', '西湖区', 4],
  ['330212', '浙江省', '宁波市', '鄞州区', 3],
  ['320102', '江苏省', '南京市', '玄武区', 3],
  ['320506', '江苏省', '苏州市', '吴中区', 4],
  ['370102', '山东省', '济南市', '历下区', 3],
  ['370202', '山东省', '青岛市', '市南区', 3],
  ['410105', '河南省', '郑州市', '金水区', 5],
  ['420106', '湖北省', '武汉市', '武昌区', 4],
  ['430104', '湖南省', '长沙市', '岳麓区', 4],
  ['510107', '四川省', '成都市', '武侯区', 6],
  ['610113', '陕西省', '西安市', '雁塔区', 4],
  ['350203', '福建省', '厦门市', '思明区', 2],
  ['350102', '福建省', '福州市', '鼓楼区', 2],
  ['340104', '安徽省', '合肥市', '蜀山区', 3],
  ['360102', '江西省', '南昌市', '东湖区', 2],
  ['450103', '广西壮族自治区', '南宁市', '青秀区', 2],
  ['530102', '云南省', '昆明市', '五华区', 2],
  ['520102', '贵州省', '贵阳市', '南明区', 2],
  ['130102', '河北省', '石家庄市', '长安区', 3],
  ['140105', '山西省', '太原市', '小店区', 2],
  ['210102', '辽宁省', '沈阳市', '和平区', 2],
  ['220102', '吉林省', '长春市', '南关区', 1],
  ['230103', '黑龙江省', '哈尔滨市', '南岗区', 2],
  ['620102', '甘肃省', '兰州市', '城关区', 1],
  ['150102', '内蒙古自治区', '呼和浩特市', '新城区', 1],
  ['460108', '海南省', '海口市', '美兰区', 1],
  ['650102', '新疆维吾尔自治区', '乌鲁木齐市', '天山区', 2],
  ['650104', '新疆维吾尔自治区', '乌鲁木齐市', '新市区', 1],
];

/** 地区表 the demo's regions. */
export const REGIONS: readonly DemoRegion[] = REGION_ROWS.map(([code, province, city, district, weight]) => ({
  code,
  province,
  city,
  cityShort: city.endsWith('市') ? city.slice(0, -1) : city,
  district,
  // 65xxxx is Xinjiang.
  timeZone: code.startsWith('65') ? XINJIANG : CST,
  weight,
}));

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

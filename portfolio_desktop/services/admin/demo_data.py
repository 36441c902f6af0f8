"""Word lists for the demo school (services/admin/demo.py): a 高職 in 高雄市岡山區 like the school of seed 001,
with a 日間部 and a 進修部. Names and addresses are invented; postal codes and districts are real."""

from __future__ import annotations

# (department, classes per grade) — 日間部 and 進修部 of an agricultural-industrial vocational school.
DAY_DEPARTMENTS: tuple[str, ...] = (
    "普通科", "農場經營科", "園藝科", "食品加工科", "機械科", "電機科", "資訊科", "土木科",
)  # fmt: skip
NIGHT_DEPARTMENTS: tuple[str, ...] = ("機械科", "餐飲管理科")

# Share of boys by department (the vocational departments are far from even in real schools).
MALE_SHARE: dict[str, float] = {
    "普通科": 0.5, "農場經營科": 0.6, "園藝科": 0.45, "食品加工科": 0.35, "機械科": 0.9,
    "電機科": 0.88, "資訊科": 0.7, "土木科": 0.8, "餐飲管理科": 0.4,
}  # fmt: skip

# Common surnames, roughly by frequency (內政部 statistics order), with weights.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("陳", 110), ("林", 83), ("黃", 60), ("張", 53), ("李", 51), ("王", 41), ("吳", 40), ("劉", 32),
    ("蔡", 29), ("楊", 26), ("許", 23), ("鄭", 19), ("謝", 18), ("郭", 17), ("洪", 16), ("曾", 15),
    ("邱", 15), ("廖", 14), ("賴", 14), ("周", 13), ("徐", 12), ("蘇", 12), ("葉", 12), ("莊", 11),
    ("呂", 10), ("江", 9), ("何", 9), ("蕭", 8), ("羅", 8), ("高", 8), ("簡", 6), ("朱", 6),
    ("鍾", 6), ("施", 6), ("游", 6), ("詹", 6), ("沈", 5), ("彭", 5), ("胡", 5), ("余", 5),
    ("盧", 5), ("潘", 4), ("顏", 4), ("柯", 4), ("翁", 4), ("魏", 4), ("歐陽", 1), ("范", 3),
)  # fmt: skip

MALE_CHARS = "冠宇承恩柏翰宥廷品睿彥宸家豪俊傑志明建宏子軒昱達浩宇哲瑋定騰信宏育誠柏宏士傑明哲勝文"
FEMALE_CHARS = "怡君雅婷欣怡詩涵宜庭佳穎思妤筱涵語彤芷瑜品妍可馨雨萱郁婷家瑜佩珊淑芬靜宜雅雯欣妤采潔"
# Characters outside the BMP, all in CJK Ext-B (U+20000–U+2A6DF), which 全字庫 TW-Sung/TW-Kai and
# MingLiU-ExtB cover. Real given names use them; they must round-trip byte for byte.
RARE_CHARS: tuple[str, ...] = ("𡘙", "𠮷", "𨭌")

# 郵遞區號, city, district — 高雄市 near 岡山 and 臺南市.
PLACES: tuple[tuple[str, str, str], ...] = (
    ("820", "高雄市", "岡山區"), ("820", "高雄市", "岡山區"), ("820", "高雄市", "岡山區"),
    ("821", "高雄市", "路竹區"), ("822", "高雄市", "阿蓮區"), ("825", "高雄市", "橋頭區"),
    ("826", "高雄市", "梓官區"), ("827", "高雄市", "彌陀區"), ("828", "高雄市", "永安區"),
    ("829", "高雄市", "湖內區"), ("811", "高雄市", "楠梓區"), ("814", "高雄市", "仁武區"),
    ("815", "高雄市", "大社區"), ("813", "高雄市", "左營區"), ("852", "高雄市", "茄萣區"),
    ("823", "高雄市", "田寮區"), ("824", "高雄市", "燕巢區"), ("700", "臺南市", "中西區"),
    ("701", "臺南市", "東區"), ("702", "臺南市", "南區"), ("704", "臺南市", "北區"),
    ("710", "臺南市", "永康區"), ("744", "臺南市", "新市區"), ("741", "臺南市", "善化區"),
    ("730", "臺南市", "新營區"), ("711", "臺南市", "歸仁區"), ("717", "臺南市", "仁德區"),
)  # fmt: skip

STREETS: tuple[str, ...] = (
    "中山路", "中正路", "民生路", "民族路", "岡山路", "公園路", "大仁路", "仁壽路", "成功路", "信義路",
    "和平路", "介壽路", "壽天路", "忠孝路", "維仁路", "通校路", "柳橋東路", "平和路", "開元路", "大同路",
)  # fmt: skip

# Area letters of national IDs, weighted toward 高雄 (E, S) and 臺南 (D, R).
ID_LETTERS: tuple[tuple[str, int], ...] = (
    ("E", 40), ("S", 25), ("D", 12), ("R", 10), ("T", 4), ("A", 3), ("B", 3), ("F", 2), ("H", 1),
)  # fmt: skip

# Reasons written on 學籍異動 by status.
REASONS: dict[str, tuple[str, ...]] = {
    "suspended": ("因病休學", "家庭因素休學", "志趣不合休學"),
    "transferred_out": ("轉學至他校", "隨家人遷居轉學"),
    "withdrawn": ("逾期未復學", "自願退學"),
    "graduated": ("延修期滿畢業",),
    "reinstated": ("休學期滿復學",),
    "transferred_in": ("自他校轉入",),
    "class_move": ("轉科", "轉班"),
}

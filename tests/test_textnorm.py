"""Text normalisation: traditional → simplified through OpenCC, pinyin ruby
residue, full-width forms, spaced-out PDF text, and the offset map back to
the source that every match relies on."""

import subprocess
import sys
from pathlib import Path

import regex
from hypothesis import given
from hypothesis import strategies as st

from narrcheck.patterns import load_toml
from narrcheck.textnorm import fold, name_key, normalize, traditional_map

EXCERPTS = Path(__file__).parent / "data" / "wild" / "excerpts"

# The hand-kept table OpenCC replaced (patterns/traditional.toml before issue
# 11): every character still folds as it did.
_OLD_TABLE = (
    "決預財撥數與較減長為於萬億佔項類總額計劃費務會險業單經濟發展運維護購車輛國門關係處機構體育傳媒環農資訊"
    "產區縣鄉鎮衛醫療險養勞動災應急債務還級貼補轉餘結說明況情報內權設備採價值團組賓陪隊緊訊號標準規範質調"
    "歸並據實際執行績效評決於負擔資產營辦學術過這個們從來時對開問題檢查統計書證認識讓換個據錢銀稅權責負擔"
    "條線點島東華陸興舉辦貨採購專門戶幣幾擴張後離退職員鄰區廳團體邊務級議導術節約儲糧氣象漁鐵貿損獎勵撫卹"
    "號條歲齡嚴僅變數據圍",
    "决预财拨数与较减长为于万亿占项类总额计划费务会险业单经济发展运维护购车辆国门关系处机构体育传媒环农资讯"
    "产区县乡镇卫医疗险养劳动灾应急债务还级贴补转余结说明况情报内权设备采价值团组宾陪队紧讯号标准规范质调"
    "归并据实际执行绩效评决于负担资产营办学术过这个们从来时对开问题检查统计书证认识让换个据钱银税权责负担"
    "条线点岛东华陆兴举办货采购专门户币几扩张后离退职员邻区厅团体边务级议导术节约储粮气象渔铁贸损奖励抚恤"
    "号条岁龄严仅变数据围",
)

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_RUBY_RESIDUE = regex.compile(r"\p{Han}[(（][a-z" + _TONED + r"]+[)）]")


# ------------------------------------------------------------ traditional map


def test_import_does_not_load_opencc():
    code = "import sys, narrcheck.textnorm; assert 'opencc' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_map_is_one_to_one_and_closed():
    m = traditional_map()
    assert len(m) > 3000  # OpenCC's t2s characters, not a hand-kept few dozen
    for t, s in m.items():
        assert len(t) == 1 and len(s) == 1 and t != s
        assert ord(s) <= 0xFFFF, (t, s)  # no simplified form GBK cannot print (晛 stays 晛)
        assert m.get(s, s) == s, (t, s, m[s])  # folding twice changes nothing
    assert m["薴"] == "苎"  # OpenCC gives 苧, which itself maps to 苎


def test_old_hand_kept_table_still_folds():
    trad, simp = _OLD_TABLE
    assert len(trad) == len(simp)
    for t, s in zip(trad, simp):
        assert fold(t) == s, t


def test_characters_the_old_table_missed():
    assert fold("擬") == "拟"
    assert fold("歸屬") == "归属"
    assert fold("經費") == "经费"
    assert fold("佔") == "占"
    assert fold("預算執行") == "预算执行"
    assert fold("本年度擬安排歸屬於本單位的經費") == "本年度拟安排归属于本单位的经费"


def test_overrides_and_characters_simplified_text_uses():
    data = load_toml("traditional.toml")
    for trad, simp in data.get("overrides", {}).items():
        assert all(traditional_map().get(t, t) == s for t, s in zip(trad, simp))
    assert fold("乾县财政局") == "乾县财政局"  # an override: OpenCC would write 干县
    assert fold("显著") == "显著" and fold("著作") == "著作"  # 著 is not mapped
    assert fold("李晛") == "李晛"  # its simplified form is outside the BMP
    # simplified text is left as it is
    s = "一般公共预算财政拨款支出决算数为1234.56万元，比上年增加12.3万元，增长1.0%。"
    assert fold(s) == s


def test_full_width_and_traditional_digits_and_units():
    assert fold("１２３４．５６萬元") == "1234.56万元"
    assert fold("３０６１．１億元，增長９．９％") == "3061.1亿元，增长9.9%"
    assert fold("減少９６．６９萬元，下降７．８﹪") == "减少96.69万元，下降7.8%"
    assert fold("（一）財政撥款收入") == "（一）财政拨款收入"
    assert name_key("（一）財政撥款收入") == "财政拨款收入"
    # compatibility ideographs as PDF text layers emit them (U+F900 block)
    assert fold("\uf914") == "乐"


# ---------------------------------------------------------------- pinyin ruby


def test_ruby_residue_vanishes_with_exact_offsets():
    src = "經(jīng)費支出4億元"
    n = normalize(src, base=100)
    assert n.text == "经费支出4亿元"
    assert n.origin == [100, 107, 108, 109, 110, 111, 112]
    s, e = n.span(0, 2)
    assert src[s - 100 : e - 100] == "經(jīng)費"
    assert fold("預(yù)算") == "预算"
    assert fold("監(jiān)督") == "监督"
    assert fold("預（yù）算") == "预算"  # full-width brackets
    assert fold("預 (yù) 算") == "预算"  # spaced out: whitespace vanishes first
    assert fold("關(guān)於") == "关于"
    assert fold("綠(lǜ)色") == "绿色"
    assert fold("預(jīng)(yù)算") == "预算"
    assert fold("預 ( y ù ) 算") == "预算"  # letter-spaced inside the brackets too


def test_brackets_that_are_not_ruby_stay():
    assert fold("因公出国(境)费") == "因公出国（境）费"
    assert fold("公路里程(km)") == "公路里程（km）"  # a unit: no vowel
    assert fold("时长(min)") == "时长（min）"  # a syllable, but no tone mark
    assert fold("项目(a)") == "项目（a）"
    assert fold("PPP(yù)") == "PPP（yù）"  # not after a CJK character
    assert fold("支出(yùx)") == "支出（yùx）"  # not one syllable
    assert fold("支出(Yù)") == "支出（Yù）"  # lowercase only


def test_wild_excerpts_lose_their_ruby():
    for name in ("c-11.txt", "e-06.txt", "w-23.txt"):
        src = (EXCERPTS / name).read_text(encoding="utf-8")
        before = len(_RUBY_RESIDUE.findall(src))
        assert before > 0, name
        n = normalize(src)
        assert not _RUBY_RESIDUE.search(n.text), (name, _RUBY_RESIDUE.search(n.text))
        assert len(n.text) == len(n.origin)
        for i, o in enumerate(n.origin):
            assert n.text[i] == (" " if src[o].isspace() else fold(src[o])) or (src[o] == "," and n.text[i] == ","), (
                name,
                i,
            )
    c11 = fold((EXCERPTS / "c-11.txt").read_text(encoding="utf-8"))
    assert "省级行政事业单位“三公”经费去年支出4亿元" in c11
    assert "因公出国（境）经费0.3亿元" in c11
    assert "一般公共预算收入3061.1亿元" in c11


# ----------------------------------------------------------- spaced-out PDFs


def test_spaced_out_pdf_sentence_joins():
    src = "项 目 支 出 预 算12345678 元 , 同 比 增 加 1 2 . 3 % 。"
    n = normalize(src)
    assert n.text.startswith("项目支出预算12345678元，同比增加")
    s, e = n.span(0, len("项目支出预算12345678元"))
    assert src[s:e] == "项 目 支 出 预 算12345678 元"
    assert fold("２ ０ ２ ３ 年 度 決 算") == "2 0 2 3年度决算"  # no spaced character before it: kept apart
    assert fold("一\u3000般\u00a0公 共\t预\n算") == "一般公共预算"


def test_letter_spaced_digits():
    # Among letter-spaced characters (every character one space apart, as some provinces' PDFs print
    # them) a letter-spaced number is one number: 支 出 1 2 3 4 . 5 6 万 元 says 1234.56万元.
    assert fold("支 出 1 2 3 4 . 5 6 万 元 ， 增 长 1 2 . 3 %") == "支出1234.56万元，增长12.3%"
    assert fold("項 目 支 出 預 算 1 2 3 4 5 6 7 8 元") == "项目支出预算12345678元"
    src = "支 出 1 2 3 4 . 5 6 万 元"
    n = normalize(src)
    s, e = n.span(n.text.index("1234.56"), n.text.index("1234.56") + 7)
    assert src[s:e] == "1 2 3 4 . 5 6"
    # Elsewhere a single space between two digits is kept, so that two numbers side by side
    # (table columns flattened into a line, 栏次 1 2 3) never fuse into one; and no claim pattern
    # starts a number right after "digit space", so a lone spaced run gives no (wrong) amount.
    assert fold("1 2 3 4 . 5 6 万元") == "1 2 3 4.5 6万元"
    assert fold("栏次 1 2 3") == "栏次1 2 3"
    assert fold("收入 12 345.6万元") == "收入12 345.6万元"
    assert fold("1 ,234万元") == "1,234万元"  # a comma between digits stays a thousands separator


# --------------------------------------------------------------- properties

_TOKENS = list(
    "预算支出收入经费项目决拨款元万亿"  # simplified
    "預經費擬歸屬佔執業單撥決萬億國關於乾著"  # traditional and the characters around the overrides
    "\uf900\uf914"  # compatibility ideographs
    "０１２９ＡＢａｚ．，％（）"  # full-width
    "0123456789abyuzKM.,%;:!?()（）；：、。“”《》-—"  # ASCII and Chinese punctuation
    " \t\n\u3000\u00a0\u200b\ufeff" + _TONED  # whitespace and characters that vanish
) + ["(yù)", "(jīng)", "（fèi）", "(境)", "(km)", "(a)", "( yù)", "(yù", "1 2", "4 . 5"]


@st.composite
def mixed(draw):
    return "".join(draw(st.lists(st.sampled_from(_TOKENS), max_size=40)))


_PINYINISH = r"[(（](?:[\s\u200b\ufeff]*[a-z" + _TONED + r"ａ-ｚ]){1,8}[\s\u200b\ufeff]*[)）]"
_RUBYISH = regex.compile(r"(?<=\p{Han}(?:[\s\u200b\ufeff]|" + _PINYINISH + r")*)" + _PINYINISH)


@given(mixed(), st.integers(min_value=0, max_value=10_000))
def test_offsets_map_back_exactly(src, base):
    n = normalize(src, base=base)
    assert len(n.text) == len(n.origin)
    assert all(base <= o < base + len(src) for o in n.origin)
    assert all(a < b for a, b in zip(n.origin, n.origin[1:]))
    for i, o in enumerate(n.origin):
        ch = src[o - base]
        if n.text[i] == " ":
            assert ch.isspace(), (src, i)  # the one space kept between two ASCII letters/digits
        elif ch == ",":
            assert n.text[i] in ",，"  # a thousands separator between digits stays ASCII
        else:
            assert n.text[i] == fold(ch), (src, i, ch)
    # what vanished is whitespace, a zero-width character, or a pinyin annotation
    kept = {o - base for o in n.origin}
    ruby = {j for m in _RUBYISH.finditer(src) for j in range(*m.span())}
    for j, ch in enumerate(src):
        if j not in kept:
            assert ch.isspace() or ch in "\u200b\ufeff" or j in ruby, (src, j, ch)


@given(mixed())
def test_fold_is_idempotent(src):
    once = fold(src)
    assert fold(once) == once

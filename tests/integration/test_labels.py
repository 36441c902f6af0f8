"""Address labels read back: every label's text inside its label and at least 6 mm from the sheet
edge on each product, the address sized to the label and whole, the letters' recipient line."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.reports.labels import layout_for, render_labels
from portfolio_desktop.reports.layout import LABEL_PRODUCTS, PAGE_H_MM, PAGE_W_MM, PRINTER_SAFE_MM
from portfolio_desktop.reports.mailing_list import Addressee
from tests.data.pdf_words import flat, pages_text, save_png, words_by_page

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
LONG = "臺南市東區東寧路一段２３４巷５６弄７８號之２　十樓之３"


def people(n: int) -> list[Addressee]:
    return [Addressee(f"00123{k:02d}", "王𡘙明" if k == 0 else f"學生{k:02d}", "070101", LONG if k % 2 == 0 else f"臺南市東區大學路{k}號",
                      minor=k % 3 != 1) for k in range(n)]  # fmt: skip


@pytest.mark.parametrize("key", sorted(LABEL_PRODUCTS))
def test_each_label_holds_its_whole_address_inside_safe_margins(tmp_path: Path, key: str) -> None:
    product = LABEL_PRODUCTS[key]
    everyone = people(product.per_page + 2)
    out = tmp_path / "labels.pdf"
    assert render_labels(everyone, out, layout=product) == 2
    pages = words_by_page(out)
    texts = pages_text(out)
    for k, person in enumerate(everyone):
        page, slot = divmod(k, product.per_page)
        x0, y0, x1, y1 = product.box(slot)
        mine = [w for w in pages[page] if x0 <= w.x0 < x1 and y0 <= w.y0 < y1]
        assert mine, (key, k)
        for w in mine:
            assert w.x0 >= x0 + 2 and w.x1 <= x1 - 2 and w.y0 >= y0 + 2 and w.y1 <= y1 - 1, (key, k, w)
            assert w.x0 >= PRINTER_SAFE_MM and w.x1 <= PAGE_W_MM - PRINTER_SAFE_MM
            assert w.y0 >= PRINTER_SAFE_MM and w.y1 <= PAGE_H_MM - PRINTER_SAFE_MM
        text = flat("".join(w.text for w in sorted(mine, key=lambda w: (round(w.y0, 1), w.x0))))
        assert text == flat(person.postal_code + person.address + person.label_name), (key, k, text)
        assert min(w.height for w in mine) >= 9 * 25.4 / 72  # at least 9 pt
    assert "王𡘙明同學暨家長（監護人）收" in flat(texts[0]) and "學生01同學收" in flat(texts[0])
    save_png(out, 1, Path(f"/tmp/paper-png/labels-{key}"), dpi=70)


def test_the_address_is_sized_to_the_label(tmp_path: Path) -> None:
    short = [Addressee("0012301", "陳小華", "820", "高雄市岡山區岡山路533號", minor=False)]
    sizes = {}
    for key in ("avery_l7159", "avery_l7163"):
        out = tmp_path / f"{key}.pdf"
        render_labels(short, out, layout=LABEL_PRODUCTS[key])
        sizes[key] = max(w.height for w in words_by_page(out)[0])
    assert sizes["avery_l7163"] >= sizes["avery_l7159"] >= 12 * 25.4 / 72  # a short address is set large


def test_old_layout_names_and_unknown_ones(tmp_path: Path) -> None:
    assert layout_for("3x7").key == "avery_l7160" and layout_for("2x7").key == "avery_l7163"
    with pytest.raises(RuleError) as exc:
        layout_for("4x10")
    assert "avery_l7160" in exc.value.zh
    with pytest.raises(RuleError) as exc:
        render_labels([Addressee("0012309", "林長址", "070101", LONG * 4)], tmp_path / "x.pdf",
                      layout=LABEL_PRODUCTS["avery_l7159"])  # fmt: skip
    assert "0012309" in exc.value.zh and not (tmp_path / "x.pdf").exists()

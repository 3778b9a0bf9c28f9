"""TMX 1.4 in and out of the translation memory: a round trip keeps every unit; bad files import nothing."""

from __future__ import annotations

import pytest

from workflow.db import Database
from workflow.errors import ImportFailed
from workflow.memory import add_entries, suggest, units
from workflow.tmx import Unit, parse_tmx, to_tmx

UNITS = [
    Unit("The reading room opens on Saturday.", "سالن مطالعه روز شنبه باز می‌شود.", "desk.tmx"),
    Unit("Forty seats & long hours <for all>.", "چهل صندلی و ساعت‌های طولانی <برای همه>.", ""),
]

DESKTOP = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SomeCAT" creationtoolversion="9" segtype="sentence" o-tmf="x" adminlang="en-US"
          srclang="en-US" datatype="plaintext"/>
  <body>
    <tu tuid="a1">
      <tuv xml:lang="en-US"><seg>Press <ph x="1">&lt;b&gt;</ph>Save<ph x="2">&lt;/b&gt;</ph>.</seg></tuv>
      <tuv xml:lang="FA-IR"><seg>روی <ph x="1">&lt;b&gt;</ph>ذخیره<ph x="2">&lt;/b&gt;</ph> بزنید.</seg></tuv>
    </tu>
    <tu tuid="a2">
      <tuv lang="en"><seg>Old-style language attribute.</seg></tuv>
      <tuv lang="fa"><seg>ویژگی زبان به شیوهٔ قدیم.</seg></tuv>
      <tuv xml:lang="sq"><seg>Atribut i vjetër gjuhe.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_a_round_trip_keeps_every_unit_and_escapes_markup() -> None:
    data = to_tmx(UNITS, "en", "fa")
    assert b"&lt;for all&gt;" in data and data.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
    )
    assert parse_tmx(data, "out.tmx", "en", "fa") == UNITS


def test_desktop_tool_files_are_read_with_regional_codes_and_inline_tags() -> None:
    found = parse_tmx(DESKTOP.encode(), "cat.tmx", "en", "fa")
    assert [(u.source, u.target) for u in found] == [
        ("Press <1/>Save<2/>.", "روی <1/>ذخیره<2/> بزنید."),  # codes are placeables, not text
        ("Old-style language attribute.", "ویژگی زبان به شیوهٔ قدیم."),
    ]
    with pytest.raises(ImportFailed) as failed:
        parse_tmx(DESKTOP.encode(), "cat.tmx", "en", "sq")
    assert [(str(p.location), str(p.reason)) for p in failed.value.problems] == [("unit a1", "it has no sq text")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<!DOCTYPE tmx [<!ENTITY a "x">]><tmx version="1.4"><body/></tmx>', "declares entities"),
        (b'<!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx><body><tu/></body></tmx>', "declares entities"),
        (b'<tmx version="1.4"><body><tu></body></tmx>', "not well-formed XML"),
        (b'<tmx version="1.4"><body/></tmx>', "holds no translation units"),
        (b"<xliff/>", "not a TMX file"),
    ],
)
def test_bad_tmx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        parse_tmx(data, "bad.tmx", "en", "fa")


def test_imported_units_are_suggested_and_exported_again(db: Database) -> None:
    found = parse_tmx(DESKTOP.encode(), "cat.tmx", "en", "fa")
    assert add_entries(db, "en", "fa", [(u.source, u.target) for u in found], origin="cat.tmx", reviewed=False) == 2
    (suggestion,) = suggest(db, "Old-style language attribute!", "en", "fa", limit=1)
    assert (suggestion.origin, suggestion.reviewed) == ("cat.tmx", False)
    exported = parse_tmx(
        to_tmx((Unit(s, t, o, at) for s, t, o, at in units(db, "en", "fa")), "en", "fa"), "x", "en", "fa"
    )
    assert [(u.source, u.origin) for u in exported] == [(u.source, "cat.tmx") for u in found]


@pytest.mark.parametrize(
    ("seg", "text"),
    [
        ('Press <bpt i="1" x="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.', "Press <1>Save</1>."),
        (
            'A <bpt i="3">&lt;a href="x"&gt;</bpt>link<ept i="3">&lt;/a&gt;</ept><ph>&lt;br/&gt;</ph>',
            "A <3>link</3><1/>",
        ),
        ('<it pos="begin" x="2">&lt;i&gt;</it>half', "<2>half"),
        ("<hi>Highlighted</hi> text", "Highlighted text"),
        ("1 &lt;2&gt; 3", "1 \\<2> 3"),  # text that looks like a token stays text
    ],
)
def test_inline_codes_become_placeables_and_go_out_as_codes(seg: str, text: str) -> None:
    tmx = f'<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>{seg}</seg></tuv>'
    tmx += '<tuv xml:lang="fa"><seg>متن</seg></tuv></tu></body></tmx>'
    (unit,) = parse_tmx(tmx.encode(), "codes.tmx", "en", "fa")
    assert unit.source == text
    assert parse_tmx(to_tmx([unit], "en", "fa"), "again.tmx", "en", "fa") == [unit]

"""WordPress's paragraph rule (``wpautop``) for classic-editor content, as WordPress applies it when it shows
a post: a blank line starts a paragraph, a single newline is a line break, and block elements (lists,
tables, quotes, figures) are never wrapped in a paragraph nor given line breaks between their parts.

A port of the steps of ``wpautop`` in WordPress's ``wp-includes/formatting.php`` that change structure.

>>> autop("First paragraph\\nsecond line.\\n\\n<h2>Heading</h2>\\n\\nLast one.")
'<p>First paragraph<br>\\nsecond line.</p>\\n<h2>Heading</h2>\\n<p>Last one.</p>\\n'
>>> autop("<ul>\\n<li>One</li>\\n<li>Two\\n<ul>\\n<li>Nested</li>\\n</ul>\\n</li>\\n</ul>")
'<ul>\\n<li>One</li>\\n<li>Two\\n<ul>\\n<li>Nested</li>\\n</ul>\\n</li>\\n</ul>\\n'
"""

from __future__ import annotations

import re

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    r"|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
    r"|figcaption|details|menu|summary)"
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_KEEP = "\ue000"  # stands for a newline inside <pre> while the rule runs (a private-use character)


def autop(text: str) -> str:
    """Classic-editor text as the HTML WordPress shows (see the module)."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _PRE.sub(lambda m: m.group(0).replace("\n", _KEEP), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(rf"(<{_BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{_BLOCKS}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"\n\n+", "\n\n", text)
    runs = [run for run in re.split(r"\n\s*\n", text) if run.strip()]
    text = "".join(f"<p>{run.strip(chr(10))}</p>\n" for run in runs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text, flags=re.IGNORECASE)
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<br\s*/?>", "<br>", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<!<br>)\s*\n", "<br>\n", text)
    text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*<br>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\n</p>$", "</p>", text)
    return text.replace(_KEEP, "\n")

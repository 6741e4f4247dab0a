"""The narrative's Markdown -> sanitised HTML: exact output for the cases that matter."""

from __future__ import annotations

import pytest

from rung.render.markdown import ZERO_WIDTH_SPACE, break_long_words, render_markdown, sanitize_html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("# Summary", "<h3>Summary</h3>\n"),
        ("#### Deep", "<h3>Deep</h3>\n"),  # the shallowest heading is <h3>: none skipped
        ("## A\n\n#### B", "<h3>A</h3>\n<h5>B</h5>\n"),
        ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>\n"),
        (
            "[docs](https://example.com/a)",
            '<p><a href="https://example.com/a" rel="noopener noreferrer">docs</a>'
            ' <span class="link-url">(https://example.com/a)</span></p>\n',
        ),
        (
            "[mail](mailto:a@example.com)",
            '<p><a href="mailto:a@example.com" rel="noopener noreferrer">mail</a>'
            ' <span class="link-url">(mailto:a@example.com)</span></p>\n',
        ),
        # raw HTML is text, not markup
        ('<img src="file:///etc/passwd">', '<p>&lt;img src="file:///etc/passwd"&gt;</p>\n'),
        ("<style>body{}</style>", "<p>&lt;style&gt;body{}&lt;/style&gt;</p>\n"),
        (
            '<iframe src="https://x.example"></iframe>',
            '<p>&lt;iframe src="https://x.example"&gt;&lt;/iframe&gt;</p>\n',
        ),
        # images are disabled: what is left is text and a link
        ("![x](file:///etc/passwd)", "<p>![x](file:///etc/passwd)</p>\n"),
        (
            "![x](https://img.example/a.png)",
            '<p>!<a href="https://img.example/a.png" rel="noopener noreferrer">x</a>'
            ' <span class="link-url">(https://img.example/a.png)</span></p>\n',
        ),
        # links markdown-it refuses stay text; links nh3 refuses lose their href
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        ("[x](file:///etc/passwd)", "<p>[x](file:///etc/passwd)</p>\n"),
        ("[x](http://127.0.0.1:8080/)", '<p><a rel="noopener noreferrer">x</a></p>\n'),
        ("[x](../../etc/passwd)", '<p><a rel="noopener noreferrer">x</a></p>\n'),
        (
            "| a | b |\n|:--|--:|\n| 1 | 2 |",
            '<table>\n<thead>\n<tr>\n<th class="align-left">a</th>\n<th class="align-right">b</th>\n</tr>\n'
            '</thead>\n<tbody>\n<tr>\n<td class="align-left">1</td>\n<td class="align-right">2</td>\n</tr>\n'
            "</tbody>\n</table>\n",
        ),
    ],
)
def test_render_markdown(markdown: str, html: str) -> None:
    assert render_markdown(markdown) == html


def test_sanitizer_is_the_second_wall() -> None:
    hostile = (
        '<p style="color:red" id="x" class="y" onclick="f()">t</p><img src="x"><svg><image href="x"/></svg>'
        '<link rel="stylesheet" href="https://a.example/s.css"><style>p{}</style><iframe src="https://a.example"></iframe>'
        '<a href="https://a.example" rel="attachment" target="_blank">a</a><td class="evil align-left">c</td>'
    )
    assert sanitize_html(hostile) == (
        '<p>t</p><a href="https://a.example" rel="noopener noreferrer">a</a>c'
    )


def test_nesting_is_capped() -> None:
    html = render_markdown("> " * 60 + "deep")
    assert html.count("<blockquote>") < 25


def test_long_words_get_break_opportunities() -> None:
    word = "w" * 300
    assert break_long_words(word) == ZERO_WIDTH_SPACE.join(["w" * 64] * 4 + ["w" * 44])
    assert break_long_words("short words stay " + "x" * 199) == "short words stay " + "x" * 199
    assert ZERO_WIDTH_SPACE in render_markdown("`" + "c" * 500 + "`")

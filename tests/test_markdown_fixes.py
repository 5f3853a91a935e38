"""Prose that looks like HTML stays visible; real HTML stays HTML; lists nest the way the author meant."""

from __future__ import annotations

from qa_site.markdown_fixes import escape_pseudo_html, normalise_lists


def test_made_up_tags_in_prose_become_visible_text():
    lines = [
        "|special_token|<reasoning_process>|special_token|<summary>",
        "其中，<reasoning_process> 代表用于 query 的思维链，<summary> 用于总结推理结果。",
    ]
    assert escape_pseudo_html(lines) == [
        "|special_token|&lt;reasoning_process>|special_token|&lt;summary>",
        "其中，&lt;reasoning_process> 代表用于 query 的思维链，&lt;summary> 用于总结推理结果。",
    ]


def test_backslash_escaped_tag_shows_without_its_backslash():
    assert escape_pseudo_html(["强制模型将推理过程置于 \\<think> 标签内"]) == ["强制模型将推理过程置于 &lt;think> 标签内"]


def test_real_html_the_author_wrote_stays_html():
    lines = [
        "<div align=center>",
        '<img src="imgs/fig.png" width="300">',
        "</div>",
        "第一行<br>第二行<br/>第三行",
        "<details><summary>展开</summary>内容</details>",
    ]
    assert escape_pseudo_html(lines) == lines


def test_summary_closed_later_on_the_page_is_html_but_a_lone_one_is_text():
    lines = ["<details>", "<summary>点击展开</summary>", "", "正文里提到 <summary> 标签。", "</details>"]
    out = escape_pseudo_html(lines)
    assert out[1] == "<summary>点击展开</summary>"
    assert out[3] == "正文里提到 &lt;summary> 标签。"
    assert out[0] == "<details>" and out[4] == "</details>"


def test_closing_tag_shown_in_a_code_span_does_not_make_prose_tag_html():
    lines = ["写 `</summary>` 来闭合。", "正文里的 <summary> 是文字。"]
    assert escape_pseudo_html(lines) == ["写 `</summary>` 来闭合。", "正文里的 &lt;summary> 是文字。"]


def test_tags_inside_code_spans_and_fences_are_untouched():
    lines = ["格式为 `<reasoning_process>` 与 `<script>`", "```html", "<summary>", "<script>x()</script>", "```"]
    assert escape_pseudo_html(lines) == lines


def test_script_is_always_escaped_even_when_closed():
    out = escape_pseudo_html(["<script>alert(1)</script>", "<style>p{}</style>"])
    assert out == ["&lt;script>alert(1)&lt;/script>", "&lt;style>p{}&lt;/style>"]
    assert "<script" not in "".join(out)


def test_event_handler_attributes_make_a_tag_text():
    out = escape_pseudo_html(['<img src="a.png" onerror="alert(1)">', '<a href="javascript:x()">点</a>'])
    assert out[0].startswith("&lt;img")
    assert out[1].startswith("&lt;a ")


def test_closing_tag_without_an_opening_one_is_text():
    assert escape_pseudo_html(["多余的 </div> 标签"]) == ["多余的 &lt;/div> 标签"]


def test_three_space_nested_list_is_reindented_to_four():
    lines = ["- 第一阶段：推理密集型任务优化", "   - GRPO 应用", "   - 拒绝采样", "- 第二阶段：全场景强化学习",
             "   - 混合奖励机制：", "      - 规则奖励", "      - 模型奖励"]
    assert normalise_lists(lines) == [
        "- 第一阶段：推理密集型任务优化", "    - GRPO 应用", "    - 拒绝采样", "- 第二阶段：全场景强化学习",
        "    - 混合奖励机制：", "        - 规则奖励", "        - 模型奖励"]


def test_two_space_nested_list_is_reindented_to_four():
    assert normalise_lists(["- a", "  - b", "    - c"]) == ["- a", "    - b", "        - c"]


def test_continuation_paragraph_of_a_numbered_item_moves_under_the_item():
    lines = ["1. Transformer及其变体：", "", "   包括Google提出的Transformer模型。", "", "2. BERT："]
    assert normalise_lists(lines) == ["1. Transformer及其变体：", "", "    包括Google提出的Transformer模型。", "",
                                      "2. BERT："]


def test_list_directly_under_a_paragraph_line_gets_a_blank_line():
    lines = ["相比较DeepSeek-R1-Zero，冷启动数据有以下主要优势：", "- 可读性", "- 潜力"]
    assert normalise_lists(lines) == ["相比较DeepSeek-R1-Zero，冷启动数据有以下主要优势：", "", "- 可读性", "- 潜力"]


def test_list_under_a_heading_or_blank_line_gets_no_extra_line():
    assert normalise_lists(["### 冷启动数据的作用", "- 稳定"]) == ["### 冷启动数据的作用", "- 稳定"]
    assert normalise_lists(["段落", "", "- 项"]) == ["段落", "", "- 项"]


def test_parenthesis_numbered_items_are_untouched():
    lines = ["1) 深度优化 PTX 代码", "DeepSeek 直接操作 PTX 代码。", "", "2) 服务器通信优化", "重新定义了 SM 的用途。"]
    assert normalise_lists(lines) == lines


def test_fenced_code_inside_a_list_item_moves_as_a_whole():
    lines = ["1. 例子：", "", "   ```python", "   def f():", "       return 1", "   ```"]
    assert normalise_lists(lines) == ["1. 例子：", "", "    ```python", "    def f():", "        return 1", "    ```"]
    lines = ["- 例子：", "", "  ```python", "  def f():", "      return 1", "  ```"]
    assert normalise_lists(lines) == ["- 例子：", "", "    ```python", "    def f():", "        return 1", "    ```"]


def test_hyphen_lines_inside_a_fence_are_not_list_items():
    lines = ["说明：", "```", "- not an item", "   - nor this", "```"]
    assert normalise_lists(lines) == lines

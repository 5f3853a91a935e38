"""Reader-facing text the generator itself writes, in each language of the site."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "home_intro": "这是一本以问答形式组织的大模型面试书：{topics} 个主题，{questions} 个问题，每个问题一页。"
                      "从下面的主题进入，或用右上角的搜索；每个答案都有一个简短、稳定的链接，可以直接分享。",
        "topics_heading": "主题",
        "topic_questions": "本主题共 {count} 个问题：",
        "figure_missing": "图片缺失",
        "figure_refused": "图片路径超出源文件夹，已拒绝",
        "figure_remote": "外部图片未加载",
        "figure_unsupported": "不支持的图片，未显示",
        "untranslated_title": "本答案尚未翻译",
        "untranslated_body": "下面显示的是原文。",
        "untranslated_link": "阅读原文页面",
        "status_title": "翻译状态",
        "status_intro": "每个问题的译文状态：已翻译、原文在翻译后有改动（过期）、缺失，或只有译文（多余）。",
        "status_question": "问题",
        "status_state": "状态",
        "status_translated": "已翻译",
        "status_outdated": "过期",
        "status_missing": "缺失",
        "status_extra": "多余",
        "search_open": "搜索",
        "search_label": "搜索本书",
        "search_placeholder": "搜索问题、术语或关键词",
        "search_close": "关闭",
        "search_loading": "正在加载搜索…",
        "search_results_one": "1 个结果",
        "search_results_other": "{count} 个结果",
        "search_results_top": "{count} 个结果，以下是最相关的 {shown} 个",
        "search_none": "没有找到与“{query}”相关的答案。换个说法，或者用更短的词试试。",
        "search_partial": "没有同时包含所有词的答案，以下答案包含其中一部分：",
        "search_failed": "搜索暂时不可用，请刷新页面再试。",
        "search_keys": "↑ ↓ 选择　↵ 打开　Esc 关闭",
        "search_terms": "相关术语",
        "search_suggestions": "也许你要找的是：",
    },
    "en": {
        "home_intro": "An interview Q&A book on large language models: {topics} topics and {questions} questions, "
                      "one page per question. Start from a topic below or use search; every answer has a short, "
                      "stable link you can share.",
        "topics_heading": "Topics",
        "topic_questions": "{count} questions in this topic:",
        "figure_missing": "Figure missing",
        "figure_refused": "Figure path leaves the source folder and was refused",
        "figure_remote": "Remote figure not loaded",
        "figure_unsupported": "Unsupported figure, not shown",
        "untranslated_title": "This answer has not been translated yet",
        "untranslated_body": "It is shown below in the original Chinese.",
        "untranslated_link": "Read it on the Chinese site",
        "status_title": "Translation status",
        "status_intro": "The state of each question's translation: translated, outdated (its source changed after "
                        "it was translated), missing, or extra (only in the translation).",
        "status_question": "Question",
        "status_state": "State",
        "status_translated": "translated",
        "status_outdated": "outdated",
        "status_missing": "missing",
        "status_extra": "extra",
        "search_open": "Search",
        "search_label": "Search the book",
        "search_placeholder": "Search questions, terms or keywords",
        "search_close": "Close",
        "search_loading": "Loading search…",
        "search_results_one": "1 result",
        "search_results_other": "{count} results",
        "search_results_top": "{count} results; the {shown} best are shown",
        "search_none": "No answer matches “{query}”. Try other words, or fewer of them.",
        "search_partial": "No answer has all of these words; these have some of them:",
        "search_failed": "Search is unavailable right now; reload the page and try again.",
        "search_keys": "↑ ↓ to select · ↵ to open · Esc to close",
        "search_terms": "Related terms",
        "search_suggestions": "Perhaps you were looking for:",
    },
}


def texts_for(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])

"""MkDocs adapter: feeds MkDocs events to the pure core in ``qa_site`` and nothing more.

on_startup  remember whether this run publishes (``mkdocs gh-deploy``, or ``QA_PUBLISH=1``)
on_config   parse the sources once per build, render all math with one KaTeX process (only formulas the
            last build did not have), draw the link-preview cards (new ones only), stage the pages, point docs_dir at
            the staging folder and set the navigation of the language being built; refuse a local
            site_url when publishing; check the published-URL record
on_env      keep the theme's compiled templates between builds and languages (Jinja's bytecode cache)
on_page_content  swap formula placeholders for KaTeX HTML; hand answers to the search index
on_page_context  the page head (title, description, Open Graph card) and the practice scripts' settings
on_page_markdown  no lightbox on a page without figures; permalinks titled in the page's language
on_post_page     per-page hreflang links in the head: absolute, and out of the way of Material's switcher;
                 the theme's labels put right (breadcrumb landmark, the author's numbers apart)
on_template_context  the 404 page's language menu points at the home pages
on_post_build    copy KaTeX's CSS and fonts into the site (served from the site itself, never a CDN); write
                 the language's search bundle and its link-preview cards; leave a redirect at each moved URL
                 of the record
on_build_error   stop a search indexing still running
on_serve    watch the source documents instead of the staging folder, polled every 0.1 s
"""

from __future__ import annotations

import filecmp
import hashlib
import html
import json
from dataclasses import dataclass, field
import logging
import os
import re
import shutil
import sys
import time
from urllib.parse import quote

HOOKS_DIR = os.path.dirname(os.path.abspath(__file__))
if HOOKS_DIR not in sys.path:
    sys.path.insert(0, HOOKS_DIR)  # the hooks folder is importable only while this file first runs
# MkDocs runs this file again on every rebuild under `mkdocs serve`: drop the cached core so edits to it apply
for _name in [n for n in sys.modules if n == "qa_site" or n.startswith("qa_site.")]:
    del sys.modules[_name]

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from qa_site import (bundles, cards, katex_assets, math_delimiters, messages, practice, published_urls,  # noqa: E402
                     rebuilds, search, sharing, template_cache, theme_labels)
from qa_site.book import Settings, SiteBuild, SourceError, build_site, languages_to_build  # noqa: E402
from qa_site.remote_images import MODES as REMOTE_MODES  # noqa: E402
from qa_site.pages import PageSpec  # noqa: E402
from qa_site.katex import KatexRenderer, KatexUnavailable  # noqa: E402
from qa_site.model import Severity  # noqa: E402
from qa_site.search_index import PendingBundle, SearchUnavailable, standalone_page, start_bundle  # noqa: E402
from qa_site.source import ParseOptions  # noqa: E402
from qa_site.staging import copy_tree_files, prune_stale, sync_tree  # noqa: E402
from qa_site.texts import texts_for  # noqa: E402

log = logging.getLogger("mkdocs.plugins.qa")
STAGING = os.path.join(".cache", "pages")
KATEX_STYLESHEET = "katex-swap.min.css"


@dataclass
class _State:
    """What one build (all its language passes) shares. MkDocs re-imports hooks on every config load."""

    build: SiteBuild | None = None
    rendered: dict[int, str] = field(default_factory=dict)
    project_root: str = ""
    staging: str = ""
    not_found_page: bytes = b""
    search_pages: list[tuple[str, str]] = field(default_factory=list)  # (URL, HTML) of this language pass
    katex_css: str = ""  # KaTeX's stylesheet, cut to the rules the formulas use
    katex_fonts: str = ""  # the folder of the cut fonts (in .cache)
    font_sizes: dict[str, int] = field(default_factory=dict)
    formula_faces: dict[int, set[str]] = field(default_factory=dict)  # formula → the font files it draws with
    katex_variants: set[frozenset[str]] = field(default_factory=set)  # the embedded-face sets pages link
    pending_search: list[PendingBundle] = field(default_factory=list)  # Pagefind runs not waited for yet
    search_stubs: dict[int, str] = field(default_factory=dict)  # what stands for each formula in the index
    specs: dict[str, dict[str, PageSpec]] = field(default_factory=dict)  # language → page file → spec
    cards: dict[str, dict[str, str]] = field(default_factory=dict)  # language → card path → its cached PNG
    publishing: bool = False
    url_record: published_urls.UrlRecord | None = None
    urls: dict[str, tuple[str, str]] = field(default_factory=dict)  # every page URL → (language, page file)


STATE = _State()


def _language(config: MkDocsConfig) -> tuple[str, list[str], str]:
    """(language being built, all languages, default language), from mkdocs-static-i18n when present."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        lang = config.theme.get("language", "en")
        return lang, [lang], lang
    languages = [lang.locale for lang in i18n.config.languages if lang.build]
    default = i18n.default_language
    return i18n.current_language or default, languages, default


def on_startup(command: str, dirty: bool) -> None:
    STATE.publishing = command == "gh-deploy" or os.environ.get("QA_PUBLISH", "") not in ("", "0")
    SERVE.dirty = command == "serve" and dirty


# `mkdocs serve --dirty` (make serve) renders again only the pages whose staged file changed: what an edit
# touched. What the process keeps between its rebuilds: the navigation of the last build (when it changes,
# a title moved, every page shows it: the output is cleared so every page is rendered again).
SERVE = sys.modules.setdefault("qa_site_serve_state", type(sys)("qa_site_serve_state"))
SERVE.__dict__.setdefault("dirty", False)
SERVE.__dict__.setdefault("navigation", None)


def _dirty_serve_keeps(config: MkDocsConfig, build: SiteBuild) -> None:
    """Under ``mkdocs serve --dirty``: clear the output when the navigation changed, so no page keeps an old
    title in its navigation, breadcrumbs or footer; otherwise only pages whose staged file changed render."""
    if not SERVE.dirty:
        return
    navigation = hashlib.sha256(json.dumps({k: e.nav for k, e in build.editions.items()}, ensure_ascii=False,
                                           sort_keys=True).encode("utf-8")).hexdigest()
    if SERVE.navigation not in (None, navigation) and os.path.isdir(config.site_dir):
        log.info("qa: the navigation changed: every page is rendered again")
        for name in os.listdir(config.site_dir):
            path = os.path.join(config.site_dir, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    SERVE.navigation = navigation


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    language, languages, default = _language(config)
    i18n = config.plugins.get("i18n")
    if STATE.build is None or not (i18n and i18n.building):
        if STATE.publishing and sharing.is_local_address(config.site_url or ""):
            raise PluginError(f"site_url is '{config.site_url or ''}': a published site would send readers' "
                              "links, previews and the sitemap there — set SITE_URL to the address readers "
                              "open, e.g. `make publish SITE_URL=https://example.org/qa/` (README: "
                              "The site's address)")
        languages = _languages_of_the_book(config)
        _build_all(config, languages, default)
    edition = STATE.build.editions[language]
    config.docs_dir = STATE.staging
    config.nav = edition.nav
    config.extra["qa_search"] = _search_client(language, languages, default, [language])
    config.extra["qa_search_404"] = _search_client(language, languages, default, languages)  # any language's
    overrides = os.path.join(STATE.project_root, "overrides")
    config.extra["qa_inline_css"] = bundles.inline_css(overrides)
    config.extra["qa_inline_css_landing"] = bundles.inline_css(overrides, bundles.LANDING_CSS)
    _inline_icons(config)
    STATE.search_pages = []
    return config


def _inline_icons(config: MkDocsConfig) -> None:
    """The favicon and the header's logo as data: URIs: two requests fewer on every page's first load."""
    for key in ("favicon", "logo"):
        value = config.theme.get(key) or ""
        if not value or value.startswith("data:"):
            continue
        for folder in config.theme.dirs:
            path = os.path.join(folder, *value.split("/"))
            if os.path.isfile(path) and path.endswith(".svg"):
                with open(path, encoding="utf-8") as fh:
                    config.theme[key] = "data:image/svg+xml," + quote(fh.read().strip(), safe=" =:/;,'")
                break


def _search_client(language: str, languages: list[str], default: str, worded: list[str]) -> dict:
    """What the search dialog needs in the page: each language's root (its bundle lives there) and the words
    of ``worded`` languages (the page's own; the 404 page, which serves every language, all of them)."""
    keys = [k for k in texts_for(default) if k.startswith("search_")]
    return {"language": language, "default": default,
            "roots": {lang: "" if lang == default else f"{lang}/" for lang in languages},
            "strings": {lang: {k[len("search_"):]: texts_for(lang)[k] for k in keys} for lang in worded}}


def _languages_of_the_book(config: MkDocsConfig) -> list[str]:
    """Languages the book has no translation in are not built (unless ``extra.qa.fallback_pages``): told to
    mkdocs-static-i18n before it sets up its language switch, which then appears only for languages built."""
    languages = settings_from(config).languages
    i18n = config.plugins.get("i18n")
    for lang in i18n.config.languages if i18n else []:
        if lang.locale not in languages and lang.build:
            lang.build = False
            log.info(f"qa: no document has a {lang.locale} translation: the {lang.locale} site is not built "
                     "(extra.qa.fallback_pages: true builds it with the source text)")
    return languages


def settings_from(config: MkDocsConfig, languages: list[str] | None = None) -> Settings:
    """The core's settings from mkdocs.yml (``extra.qa``): one place for the build and the maintainer commands."""
    _, all_languages, default = _language(config)
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    qa = config.extra.get("qa") or {}
    titles = qa.get("site_title") or {}
    source = os.path.join(root, qa.get("source") or "docs/models-and-architectures.md")
    return Settings(source=source,
                    languages=languages or languages_to_build(source, all_languages, default,
                                                              qa.get("fallback_pages") is True),
                    default_language=default,
                    site_titles=titles if isinstance(titles, dict) else {default: titles},
                    slug_map=os.path.join(root, qa["slug_map"]) if qa.get("slug_map") else None,
                    project_root=root, parse_options=_levels(qa),
                    require_translations=qa.get("require_translations") is True,
                    remote_images=_remote_images(qa))


def _remote_images(qa: dict) -> str:
    mode = qa.get("remote_images") or "link"
    if mode not in REMOTE_MODES:
        raise PluginError(f"mkdocs.yml: extra.qa.remote_images is {mode!r}; use one of {', '.join(REMOTE_MODES)}")
    return mode


def _build_all(config: MkDocsConfig, languages: list[str], default: str) -> None:
    settings = settings_from(config, languages)
    if SERVE.dirty:  # an edit under `make serve` parses again only the documents it changed
        settings.parse_cache = SERVE.__dict__.setdefault("parsed", {})
    root, source = settings.project_root, settings.source
    # one staging folder (and formula cache) per source, so building a fixture never disturbs `make serve`
    source_key = hashlib.sha256(source.encode("utf-8")).hexdigest()[:10]
    try:
        build = build_site(settings)
        katex = KatexRenderer(root, cache_file=os.path.join(root, ".cache", "katex", f"{source_key}.json"))
        if os.path.exists(katex.cache_file):
            os.utime(katex.cache_file)  # used now, even if not written: what prune_stale goes by
        rendered, math_diags = rebuilds.render_math(katex, build.formulas.items,
                                                    SERVE.__dict__.setdefault("math", {}) if SERVE.dirty else None)
    except (SourceError, KatexUnavailable) as exc:
        raise PluginError(str(exc)) from exc
    build.diagnostics.extend(math_diags)
    _prepare_katex(root, rendered)
    record_file = url_record_path(config, settings)
    STATE.url_record = published_urls.load_record(record_file)
    STATE.urls = published_urls.site_urls(build.editions, default)
    shown = os.path.relpath(record_file, root)
    build.diagnostics.extend(published_urls.check(STATE.url_record, STATE.urls,
                                                  record_file if shown.startswith("..") else shown,
                                                  STATE.publishing))
    _report(build)
    _dirty_serve_keeps(config, build)
    staging = os.path.join(root, STAGING, source_key)
    files: dict[str, bytes | str] = {}
    for language, edition in build.editions.items():
        for page in edition.pages:
            files[f"{language}/{page.path}"] = page.markdown.encode("utf-8")
        for asset in edition.assets:
            files[f"{language}/{asset.target}"] = asset.source
        files[f"{language}/anchors.json"] = json.dumps(edition.legacy_anchors, ensure_ascii=False,
                                                       sort_keys=True).encode("utf-8")
        if language in build.practice:
            files.update({f"{language}/{path}": data for path, data in build.practice[language].files.items()})
    STATE.cards = _cards(build, settings)  # written into the site after the build (on_post_build), not staged
    written, removed = sync_tree(staging, files)
    os.utime(staging)  # built now, even when no file changed: what prune_stale goes by
    prune_stale(os.path.join(root, STAGING), time.time(), source_key)
    prune_stale(os.path.join(root, ".cache", "katex"), time.time(), os.path.basename(katex.cache_file))
    log.debug("staged %d files (%d written, %d removed) in %s", len(files), written, removed, staging)
    STATE.build, STATE.rendered, STATE.project_root, STATE.staging = build, rendered, root, staging
    STATE.search_stubs = search.formula_stubs(rendered)
    STATE.specs = {lang: {page.path: page for page in edition.pages} for lang, edition in build.editions.items()}
    watched = source if os.path.isdir(source) else os.path.dirname(source)  # the documents and their figures
    if watched not in config.watch:
        config.watch.append(watched)


def url_record_path(config: MkDocsConfig, settings: Settings) -> str:
    """The committed record of published URLs: ``extra.qa.published_urls``, else beside the source."""
    custom = (config.extra.get("qa") or {}).get("published_urls")
    if custom:
        return os.path.join(settings.project_root, custom)
    return published_urls.record_path(settings.source)


def _cards(build: SiteBuild, settings: Settings) -> dict[str, dict[str, str]]:
    """Every page's link-preview card, by language (drawn only when not in the cache). They bypass MkDocs:
    a card per page doubled the files MkDocs and mkdocs-static-i18n walk on every build (a fifth of a
    `make serve` rebuild at repository size), for files no page renders."""
    try:
        fonts = cards.installed_fonts(settings.project_root)
    except cards.CardFontsMissing as exc:
        raise PluginError(str(exc)) from exc
    out: dict[str, dict[str, str]] = {}
    for language, book in build.books.items():
        title = settings.site_titles.get(language) or build.editions[language].pages[0].title
        result = cards.render_cards(cards.cards_for(book, language, title), fonts,
                                    os.path.join(settings.project_root, ".cache", "cards"))
        for path, lacking in result.missing.items():
            log.info(f"qa: card {language}/{path} draws {''.join(lacking)!r} as boxes: the card font has no glyph "
                     "for them")
        log.debug("qa: %d %s cards, %d drawn", len(result.files), language, result.drawn)
        out[language] = result.files
    return out


def _write_cards(config: MkDocsConfig) -> None:
    """This language's cards in its root of the site, copied from the card cache when the site does not
    hold the same bytes already. A card's cache file is named by what it shows: under `make serve` the copies
    are remembered, and a rebuild copies only the cards whose text changed, without reading the others."""
    language, _, default = _language(config)
    root = config.site_dir if language == default else os.path.join(config.site_dir, language)
    copied = SERVE.__dict__.setdefault("cards", {}) if SERVE.dirty else {}  # target → cache file it holds
    for path, source in STATE.cards.get(language, {}).items():
        target = os.path.join(root, *path.split("/"))
        if os.path.isfile(target) and (copied.get(target) == source or filecmp.cmp(source, target, shallow=False)):
            copied[target] = source
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
        copied[target] = source


def _levels(qa: dict) -> ParseOptions | None:
    """``extra.qa.topic_level`` / ``question_level`` (a level or a list of levels): the author's override."""

    def levels(value):
        if value is None or value == "":
            return None
        values = value if isinstance(value, list) else [value]
        try:
            return tuple(int(v) for v in values)
        except (TypeError, ValueError) as exc:
            raise PluginError(f"mkdocs.yml: extra.qa levels must be heading levels 1–6, not {value!r}") from exc

    topics, questions = levels(qa.get("topic_level")), levels(qa.get("question_level"))
    if topics is None and questions is None:
        return None
    return ParseOptions(topic_levels=topics, question_levels=questions)


def _report(build: SiteBuild) -> None:
    """Log every diagnostic through MkDocs (so --strict counts warnings), then a one-line summary."""
    for diag in build.diagnostics:
        if diag.severity is Severity.ERROR:
            log.error(str(diag))
        elif diag.severity is Severity.WARNING:
            log.warning(str(diag))
        else:
            log.info(str(diag))
    log.info("qa: " + ", ".join(f"{v} {k}" for k, v in build.summary().items()))
    kinds = messages.by_kind(build.messages) if build.messages else []
    if kinds:
        log.info(f"qa: messages by kind (items folded into one line are listed on {messages.STATUS_URL}):")
        for line in kinds:
            log.info("qa:   " + line)
    errors = [d for d in build.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise PluginError(f"{len(errors)} error(s) in the source documents; see the messages above")


def on_env(env, config: MkDocsConfig, files):
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    template_cache.use_bytecode_cache(env, os.path.join(root, ".cache", "templates"))
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    """A page without figures does not load the lightbox (told before the lightbox plugin reads the page).
    The ¶ permalinks are titled in the page's language: MkDocs makes each page's Markdown converter from
    ``mdx_configs`` after this event, and the setting in mkdocs.yml is one for all languages."""
    if "![" not in markdown and "<img" not in markdown:
        page.meta["glightbox"] = False
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        toc["permalink_title"] = theme_labels.permalink_title(_language(config)[0])
    return markdown


# mkdocs-glightbox 0.5 parses a page's content as a whole document and, when it finds no image to wrap, hands
# it back wrapped in <html><head></head><body>…: the article then holds a second <html> element
_DOCUMENT_WRAPPER = re.compile(r"^\s*<html><head></head><body>(?P<inner>.*)</body></html>\s*$", re.S)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    wrapped = _DOCUMENT_WRAPPER.match(html)
    if wrapped:
        html = wrapped.group("inner")
    if math_delimiters.INLINE_OPEN in (page.title or ""):
        page.title = math_delimiters.plain(page.title, STATE.build.formulas)
    for item in _walk_toc(page.toc):
        item.title = math_delimiters.plain(item.title, STATE.build.formulas)
    formulas = math_delimiters.formula_indexes(html)
    language, _, _ = _language(config)
    entry = STATE.build.search.get(language, {}).get(_page_file(page, language))
    if entry is not None:  # the index's copy, each formula an empty box: Pagefind skips formulas anyway
        searched = math_delimiters.substitute(html, STATE.search_stubs)
        marked = search.mark_for_index(searched, entry, texts_for(language)["search_terms"])
        STATE.search_pages.append((page.url, standalone_page(language, marked)))
    html = math_delimiters.substitute(html, STATE.rendered)
    # a page loads KaTeX's styles only when it has math (with the small fonts it draws with inside them)
    if 'class="katex' in html:
        used = set().union(*(STATE.formula_faces.get(i, set()) for i in formulas))
        embed = frozenset(f for f in used if STATE.font_sizes.get(f, katex_assets.EMBED_BELOW) < katex_assets.EMBED_BELOW)
        STATE.katex_variants.add(embed)
        page.meta["qa_katex_css"] = "assets/katex/" + katex_assets.variant(set(embed))
    return html


def _page_file(page: Page, language: str) -> str:
    """The page file inside the language root, as the core names it (``deepseek/mla.md``)."""
    uri = page.file.src_uri
    return uri[len(language) + 1:] if uri.startswith(language + "/") else uri


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    """The page head: what a chat app or search engine shows for a link to this page."""
    language, languages, default = _language(config)
    path = _page_file(page, language)
    spec = STATE.specs.get(language, {}).get(path)
    if spec is None:
        return context
    card = cards.card_path(path)
    if card not in STATE.cards.get(language, {}):
        card = cards.card_path("index.md")  # pages without a card of their own show the home page's
    root = config.site_url or ""
    root = root if root.endswith("/") else root + "/"
    lang_root = root if language == default else f"{root}{language}/"
    meta = page.meta or {}
    context["qa_head"] = sharing.page_head(
        kind=spec.kind, title=spec.title, site_name=config.site_name,
        description=html.unescape(meta.get("description") or config.site_description or ""),
        url=page.canonical_url or "", language=language, languages=languages, image=lang_root + card,
        image_size=(cards.WIDTH, cards.HEIGHT))
    context["qa_share"] = sharing.share_config(spec.kind, language)
    drill = STATE.build.practice.get(language)
    settings = drill and practice.client_config(spec.kind, path, drill.ids.get(path, ""), language, default, drill.url)
    context["qa_practice"] = settings
    context["qa_practice_json"] = practice.client_json(settings) if settings else ""
    _switch_only_to_translations(config, path, language)
    return context


def _switch_only_to_translations(config: MkDocsConfig, path: str, language: str) -> None:
    """The language switch (and hreflang links) name only languages this page is translated in: never a
    page that shows the source text under a "not translated yet" notice, nor from one."""
    # mkdocs-static-i18n sets the switch per page as an attribute of config.extra (a UserDict), which the
    # theme's templates read before the dict's own key
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    own = STATE.specs.get(language, {}).get(path)
    keep = [alt for alt in alternates if alt.get("lang") == language or (
        own is not None and not own.fallback and (other := STATE.specs.get(alt.get("lang"), {}).get(path))
        is not None and not other.fallback)]
    config.extra["alternate"] = keep if len(keep) > 1 else []
    if hasattr(config.extra, "alternate"):
        config.extra.alternate = config.extra["alternate"]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    output = theme_labels.fix_labels(output, _language(config)[0])
    return sharing.head_alternates(output, page.canonical_url or "")


def on_template_context(context, template_name: str, config: MkDocsConfig):
    """The 404 page is rendered after the pages: give its language menu the home pages, not the last page's."""
    i18n = config.plugins.get("i18n")
    if template_name == "404.html" and i18n is not None and i18n.extra_alternate:
        config.extra["alternate"] = [dict(alt) for alt in i18n.extra_alternate]
    return context


def _walk_toc(items):
    for item in items:
        yield item
        yield from _walk_toc(item.children)


def on_post_build(config: MkDocsConfig) -> None:
    _keep_default_404(config)
    language, _, default = _language(config)
    if language == default:  # the pages left at moved URLs, both languages' (each pass writes below the root)
        pages = published_urls.redirect_pages(STATE.url_record, STATE.urls, config.site_url or "")
        for path, page in pages.items():
            os.makedirs(os.path.dirname(os.path.join(config.site_dir, path)), exist_ok=True)
            with open(os.path.join(config.site_dir, path), "w", encoding="utf-8") as fh:
                fh.write(page)
    _sitemap_per_language(config)
    _write_search_bundle(config)
    _drop_theme_search(config)
    _write_bundles(config)
    _write_katex_assets(config)
    _write_cards(config)


def _prepare_katex(root: str, rendered: dict[int, str]) -> None:
    """KaTeX's stylesheet and fonts cut to what this build's formulas use (qa_site/katex_assets.py)."""
    dist = os.path.join(root, "node_modules", "katex", "dist")
    with open(os.path.join(dist, KATEX_STYLESHEET), encoding="utf-8") as fh:
        css = fh.read()
    characters, STATE.formula_faces = katex_assets.analyse(rendered, css, SERVE.__dict__.setdefault("katex", {}))
    STATE.katex_fonts, STATE.font_sizes = katex_assets.cut_fonts(
        os.path.join(dist, "fonts"), characters, os.path.join(root, ".cache", "katex-fonts"))
    STATE.katex_css = katex_assets.prune(css, katex_assets.used_classes(list(dict.fromkeys(rendered.values()))))
    STATE.katex_variants = set()


def _write_katex_assets(config: MkDocsConfig) -> None:
    """The cut fonts and the stylesheets the pages of this pass link, served from the site itself."""
    target = os.path.join(config.site_dir, "assets", "katex")
    if not STATE.katex_variants:
        return
    katex_assets.copy_fonts(STATE.katex_fonts, os.path.join(target, "fonts"))
    for embed in STATE.katex_variants:
        with open(os.path.join(target, katex_assets.variant(set(embed))), "w", encoding="utf-8") as fh:
            fh.write(katex_assets.stylesheet(STATE.katex_css, STATE.katex_fonts, set(embed)))


def _write_search_bundle(config: MkDocsConfig) -> None:
    """One Pagefind bundle per language, in the language's own root: results never mix languages. Each
    language's run starts when its pages are written and is waited for once the last language's are: Pagefind
    indexes the first language while MkDocs renders the next."""
    language, languages, default = _language(config)
    prefix = "" if language == default else f"{language}/"
    pages = [(url[len(prefix):] if url.startswith(prefix) else url, html) for url, html in STATE.search_pages]
    if SERVE.dirty and os.path.isdir(os.path.join(config.site_dir, prefix, "pagefind")):
        return  # a dirty rebuild rendered only the edited pages: the index of the whole book stays
    try:
        STATE.pending_search.append(start_bundle(pages, language, os.path.join(config.site_dir, prefix)))
        if language != _last_language(languages, default):
            return
        while STATE.pending_search:
            pending = STATE.pending_search.pop(0)
            log.info("qa: search index (%s): %d pages", pending.language, pending.finish().pages)
    except SearchUnavailable as exc:
        _cancel_search()
        raise PluginError(str(exc)) from exc


def _last_language(languages: list[str], default: str) -> str:
    """The language mkdocs-static-i18n builds last: the default language first, then the others in order."""
    others = [lang for lang in languages if lang != default]
    return others[-1] if others else default


def _cancel_search() -> None:
    while STATE.pending_search:
        STATE.pending_search.pop().cancel()


def on_build_error(error: Exception) -> None:
    _cancel_search()


def _write_bundles(config: MkDocsConfig) -> None:
    """The site's own scripts and styles as one file per kind (qa_site/bundles.py), at the site's root."""
    language, _, default = _language(config)
    if language != default:
        return
    overrides = os.path.join(STATE.project_root, "overrides")
    for target, data in bundles.bundle_contents(overrides).items():
        path = os.path.join(config.site_dir, *target.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)


THEME_SEARCH = ("assets/javascripts/lunr", "assets/javascripts/workers")


def _drop_theme_search(config: MkDocsConfig) -> None:
    """Material copies its own search engine (lunr and its worker) into every site; Pagefind replaces it and
    no page loads it: the published site does not carry it."""
    for folder in THEME_SEARCH:
        shutil.rmtree(os.path.join(config.site_dir, *folder.split("/")), ignore_errors=True)


def _keep_default_404(config: MkDocsConfig) -> None:
    """Every language pass writes /404.html; the default language's one, which has both languages' words, a
    search form and both home pages, is the one a static host serves for any unknown address."""
    language, _, default = _language(config)
    page = os.path.join(config.site_dir, "404.html")
    if not os.path.isfile(page):
        return
    if language == default:
        with open(page, "rb") as fh:
            STATE.not_found_page = fh.read()
    elif STATE.not_found_page:
        with open(page, "wb") as fh:
            fh.write(STATE.not_found_page)


def _sitemap_per_language(config: MkDocsConfig) -> None:
    """Material's script loads sitemap.xml from the root of the language being read (/en/sitemap.xml); the
    one sitemap lists both languages, so each language root gets the same file."""
    language, _, default = _language(config)
    if language == default:
        return
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        source = os.path.join(config.site_dir, name)
        if os.path.isfile(source):
            copy_tree_files([(source, os.path.join(config.site_dir, language, name))])


SERVE_POLL_SECONDS = 0.1


def on_serve(server, config: MkDocsConfig, builder):
    # the staging folder changes on every build: watching it would rebuild twice per edit
    server.unwatch(STATE.staging)
    # MkDocs polls what it watches every 0.5 s, so an edit waited 0.25 s on average before the rebuild began;
    # the folders watched from here on (the sources, config.watch) are polled every 0.1 s (watchdog's observer)
    observer = getattr(server, "observer", None)
    if isinstance(getattr(observer, "_timeout", None), (int, float)):
        observer._timeout = min(observer._timeout, SERVE_POLL_SECONDS)
    return server

/* Practice mode's entry on every page of the book (in site.js, so it costs no request of its own).
 *
 * It adds the header's "练习 / Practice" link and, on a topic page, "练习本主题 / Practise this topic". For a
 * reader who never practised that is all: nothing is fetched. Once progress is stored, it loads
 * progress-ui.js (practice-core.js + progress-marks.js) and progress-ui.css, which show it. On the practice
 * page it loads the cards (progress-ui.js, then practice-ui.js). window.qaProgress shares the page's settings,
 * the storage key and the loaders with them; the words come from the page (texts.py).
 */
(function () {
  "use strict";

  var node = document.getElementById("qa-practice-config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  var t = config.strings;
  var siteRoot = new URL(node.getAttribute("data-base").replace(/\/?$/, "/"), location.href);
  var languageRoot = new URL(config.root, siteRoot);
  var practiceUrl = new URL(config.page, languageRoot);
  // one store for the whole site, both languages; two sites on one host (GitHub Pages) do not share it
  var KEY = "qa-practice:" + siteRoot.pathname;
  // two cards, the front one blank: our own drawing
  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill-rule="evenodd" d="M8 3h12v13h-2V5H8zM4 7h12v' +
    '13H4zm2 2v9h8V9z"/></svg>';

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  var loaded = {};
  function load(path) {
    if (!loaded[path]) {
      loaded[path] = new Promise(function (resolve, reject) {
        var css = /\.css$/.test(path);
        var el = element(css ? "link" : "script");
        if (css) el.rel = "stylesheet";
        el[css ? "href" : "src"] = new URL(path, siteRoot).href;
        el.onload = function () { resolve(); };
        el.onerror = function () { delete loaded[path]; reject(new Error(path)); };
        document.head.appendChild(el);
      });
    }
    return loaded[path];
  }

  function link(className, href, text) {
    var a = element("a", className);
    a.href = href;
    a.innerHTML = ICON;
    a.appendChild(element("span", className.split(" ")[0] + "__text", text));
    return a;
  }

  // beside the search button, as search.js adds its own: no copy of the theme's header template
  var header = document.querySelector(".md-header__inner");
  if (header && !header.querySelector(".qa-practice-open")) {
    var open = link("qa-practice-open md-header__button", practiceUrl.pathname, t.practice_title);
    open.title = t.practice_title;
    open.setAttribute("aria-label", t.practice_title); // a phone shows the icon alone
    if (config.kind === "practice") open.setAttribute("aria-current", "page");
    header.insertBefore(open, header.querySelector(".qa-search-open, .md-header__source"));
  }

  var article = document.querySelector("article.md-content__inner");
  var title = article && article.querySelector("h1");
  if (config.kind === "topic" && title) {
    var line = element("p", "qa-progress-line");
    line.appendChild(link("qa-progress-line__practice", practiceUrl.pathname + "?topic=" +
                          encodeURIComponent(config.topic), t.practice_topic_link));
    title.insertAdjacentElement("afterend", line);
  }

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  window.qaProgress = {
    config: config, strings: t, key: KEY, siteRoot: siteRoot, languageRoot: languageRoot,
    practiceUrl: practiceUrl, element: element, load: load, icon: ICON
  };

  function marks() {
    var raw = stored();
    if (!raw || !article || config.kind === "practice" || config.kind === "page") return;
    Promise.all([load("assets/javascripts/progress-ui.js"), load("assets/stylesheets/progress-ui.css")])
      .then(function () { window.qaProgressMarks.render(raw, article); })
      .catch(function () { /* progress is a bonus: the page reads the same without it */ });
  }

  marks();
  // back from the practice page to a page kept in the back-forward cache: show the new marks
  window.addEventListener("pageshow", function (event) { if (event.persisted) marks(); });
  if (config.kind === "practice") {
    load("assets/javascripts/progress-ui.js").then(function () { return load("assets/javascripts/practice-ui.js"); })
      .catch(function () { document.documentElement.classList.remove("qa-practice-js"); }); // the list of topics
  }
})();

/* Site search, on every page: the header button and the shortcuts (/ and Ctrl-K or ⌘K), and nothing else.
 *
 * Nothing of the search is downloaded until the reader asks for it: the first open loads the dialog and its
 * styles (search-ui.js = search-query.js + search-dialog.js, search-ui.css), then the Pagefind bundle of the
 * language being read (/pagefind/ or /en/pagefind/), so results only ever come from that language.
 * ?q=words in the address opens the dialog with those words. window.qaSearch serves the 404 page's script.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("qa-search-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var siteRoot = new URL(configNode.getAttribute("data-base").replace(/\/?$/, "/"), location.href);
  var ui = null;

  function languageRoot(language) {
    return new URL(config.roots[language] || "", siteRoot);
  }

  // the language being read; on the one 404 page of the site, the language of the missing address
  function readingLanguage() {
    if (document.querySelector(".qa-404")) {
      var path = decodeURIComponent(location.pathname);
      for (var language in config.roots) {
        if (config.roots[language] && path.indexOf(languageRoot(language).pathname) === 0) return language;
      }
      return config["default"];
    }
    return config.language;
  }

  function words(language) {
    return config.strings[language] || config.strings[config["default"]];
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function asset(path) {
    return new URL(path, siteRoot).href;
  }

  // the dialog, its styles and the query logic, once
  function loadUI() {
    if (!ui) {
      ui = new Promise(function (resolve, reject) {
        var pending = 2;
        var done = function () {
          pending -= 1;
          if (!pending) resolve(window.qaSearchUI.create({
            readingLanguage: readingLanguage, languageRoot: languageRoot, words: words, icon: icon
          }));
        };
        var fail = function () { ui = null; reject(new Error("the search could not be loaded")); };
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = asset("assets/stylesheets/search-ui.css");
        css.onload = done;
        css.onerror = fail;
        var script = document.createElement("script");
        script.src = asset("assets/javascripts/search-ui.js");
        script.onload = done;
        script.onerror = fail;
        document.head.appendChild(css);
        document.head.appendChild(script);
      });
    }
    return ui;
  }

  function open(query) {
    var from = document.activeElement;
    return loadUI().then(function (dialog) { dialog.open(query, from); });
  }

  function search(query, language) {
    return loadUI().then(function (dialog) { return dialog.search(query, language); });
  }

  /* ---------------------------------------------------------------- entry points */

  function icon(className) {
    return '<svg class="' + className + '" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
      '<circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2"/>' +
      '<path d="M15.4 15.4 21 21" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>';
  }

  function headerButton() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".qa-search-open")) return;
    var t = words(readingLanguage());
    var button = element("button", "qa-search-open md-header__button");
    button.type = "button";
    button.setAttribute("aria-label", t.label);
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");
    button.innerHTML = icon("qa-search-open__icon");
    button.appendChild(element("span", "qa-search-open__text", t.open));
    var kbd = element("kbd", "qa-search-open__key", "/");
    kbd.setAttribute("aria-hidden", "true");
    button.appendChild(kbd);
    button.addEventListener("click", function () { open(); });
    // a pointer on its way to the button: start loading the search meanwhile
    button.addEventListener("pointerenter", function () { loadUI().catch(function () {}); }, { once: true });
    var source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
  }

  // where "/" is a character the reader is typing (a text field), not the shortcut
  function editable(node) {
    if (!node) return false;
    if (node.isContentEditable || /^(TEXTAREA|SELECT)$/.test(node.tagName)) return true;
    return node.tagName === "INPUT" &&
      !/^(checkbox|radio|button|submit|reset|range|color|file|image|hidden)$/i.test(node.type);
  }

  document.addEventListener("keydown", function (event) {
    if (document.querySelector("dialog.qa-search[open]")) return;
    var k = (event.key || "").toLowerCase();
    if ((k === "/" && !editable(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) ||
        (k === "k" && (event.ctrlKey || event.metaKey) && !event.altKey)) {
      event.preventDefault();
      open();
    }
  });

  headerButton();
  // search boxes in a page (the home page's): shown only with this script, they open the dialog
  document.querySelectorAll("[data-qa-search]").forEach(function (box) {
    box.hidden = false;
    box.addEventListener("click", function () { open(); });
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked && !document.querySelector(".qa-404")) open(asked);

  window.qaSearch = {
    open: open,
    language: readingLanguage,
    words: words,
    search: search,
    rows: function (results, language) {
      return loadUI().then(function (dialog) { return dialog.rows(results, language); });
    }
  };
})();

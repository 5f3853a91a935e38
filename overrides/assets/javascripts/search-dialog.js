/* The search dialog: results as you type, keyboard and phone, in front of the Pagefind bundle of the language
 * being read. Loaded with the first search by search.js (which owns the header button and the shortcuts),
 * bundled with search-query.js (what a search finds; this file only shows it).
 *
 * qaSearchUI.create(env) → {open(query, opener), search(query, language), rows(results, language)}; env gives
 * the language being read, each language's root and words, and the icon.
 */
(function (root) {
  "use strict";

  root.qaSearchUI = { create: create };

  function create(env) {
    var MAX_RESULTS = root.qaSearchQuery.MAX_RESULTS;
    var engines = {}; // language → Promise of the engine
    var dialog, input, list, status, opener;
    var options = []; // the result rows, in keyboard order
    var active = -1;
    var sequence = 0;

    /* ---------------------------------------------------------------- engine */

    function engine(language) {
      if (!engines[language]) {
        var base = env.languageRoot(language);
        var pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
          return pagefind.options({ baseUrl: base.pathname }).then(function () {
            return pagefind.init();
          }).then(function () { return pagefind; });
        });
        engines[language] = pagefind.then(function (pagefind) {
          return { search: function (query) { return root.qaSearchQuery.search(pagefind, query, language); } };
        });
        engines[language].catch(function () { delete engines[language]; });
      }
      return engines[language];
    }

    function search(query, language) {
      return engine(language).then(function (e) { return e.search(query); });
    }

    /* ---------------------------------------------------------------- rendering */

    // an excerpt is plain text and the ranges to mark: it is never parsed as HTML
    function excerptNodes(excerpt) {
      var out = document.createDocumentFragment();
      var at = 0;
      excerpt.marks.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (m) {
        if (m.start < at) return;
        out.appendChild(document.createTextNode(excerpt.text.slice(at, m.start)));
        out.appendChild(element("mark", "", excerpt.text.slice(m.start, m.end)));
        at = m.end;
      });
      out.appendChild(document.createTextNode(excerpt.text.slice(at)));
      return out;
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function resultRows(results, idPrefix, termsLabel) {
      var rows = [];
      results.forEach(function (r, i) {
        var li = element("li", "qa-search__result");
        var a = element("a", "qa-search__link");
        a.href = r.url;
        var where = [r.topic, r.section].filter(Boolean).join(" › ");
        if (where) a.appendChild(element("span", "qa-search__where", where));
        a.appendChild(element("span", "qa-search__title", r.title));
        if (r.terms.length) {
          var chip = element("span", "qa-search__terms", termsLabel + " · ");
          r.terms.forEach(function (term, j) {
            chip.appendChild(element("mark", "", term));
            if (j < r.terms.length - 1) chip.appendChild(document.createTextNode(" "));
          });
          a.appendChild(chip);
        }
        var excerpt = element("span", "qa-search__excerpt");
        excerpt.appendChild(excerptNodes(r.excerpt));
        a.appendChild(excerpt);
        li.appendChild(a);
        rows.push(li);
        r.sections.forEach(function (s, j) {
          var sub = element("li", "qa-search__result qa-search__result--section");
          var link = element("a", "qa-search__link");
          link.href = s.url;
          link.appendChild(element("span", "qa-search__title", s.title));
          sub.appendChild(link);
          rows.push(sub);
        });
      });
      rows.forEach(function (li, i) {
        if (idPrefix) {
          // the link itself is the option (nothing interactive inside an option); the list item is layout
          var option = li.firstChild;
          li.setAttribute("role", "none");
          option.id = idPrefix + i;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.tabIndex = -1;
        }
      });
      return rows;
    }

    function format(text, values) {
      return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
    }

    /* ---------------------------------------------------------------- the dialog */

    function build(language) {
      var t = env.words(language);
      dialog = element("dialog", "qa-search");
      dialog.setAttribute("aria-label", t.label);
      dialog.lang = language;
      var bar = element("div", "qa-search__bar");
      bar.setAttribute("role", "search");
      bar.insertAdjacentHTML("beforeend", env.icon("qa-search__icon"));
      input = element("input", "qa-search__input");
      input.type = "search";
      input.placeholder = t.placeholder;
      input.setAttribute("aria-label", t.label);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", "qa-search-results");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("autocomplete", "off");
      input.setAttribute("autocapitalize", "off");
      input.setAttribute("spellcheck", "false");
      input.setAttribute("enterkeyhint", "search");
      var close = element("button", "qa-search__close", t.close);
      close.type = "button";
      close.addEventListener("click", function () { dialog.close(); });
      bar.appendChild(input);
      bar.appendChild(close);
      status = element("p", "qa-search__status");
      status.setAttribute("role", "status");
      list = element("ul", "qa-search__results");
      list.id = "qa-search-results";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", t.label);
      var keys = element("p", "qa-search__keys", t.keys);
      keys.setAttribute("aria-hidden", "true");
      dialog.appendChild(bar);
      dialog.appendChild(status);
      dialog.appendChild(list);
      dialog.appendChild(keys);
      document.body.appendChild(dialog);

      input.addEventListener("input", function () { run(language); });
      input.addEventListener("keydown", function (event) {
        if (event.isComposing) return; // a Chinese input method is still composing: its keys are not ours
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          if (options.length) select((active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
        } else if (event.key === "Enter") {
          event.preventDefault();
          var option = options[active >= 0 ? active : 0];
          if (option) go(option);
        }
      });
      list.addEventListener("click", function (event) {
        var link = event.target.closest("a");
        if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          go(link);
        }
      });
      list.addEventListener("mousemove", function (event) {
        var row = event.target.closest("[role=option]");
        if (row && options.indexOf(row) !== active) select(options.indexOf(row));
      });
      // a tap on the backdrop (outside the dialog box) closes it
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close();
      });
      dialog.addEventListener("close", function () {
        document.documentElement.classList.remove("qa-search-active");
        if (opener && opener.focus) opener.focus();
      });
    }

    function select(index) {
      if (options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      var row = options[active];
      if (!row) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      row.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", row.id);
      row.scrollIntoView({ block: "nearest" });
    }

    function go(link) {
      var target = new URL(link.href, location.href);
      dialog.close();
      if (target.pathname === location.pathname && target.search === location.search) {
        location.hash = target.hash; // same page: jump to the section
      } else {
        location.href = target.href;
      }
    }

    function run(language) {
      var query = input.value.trim();
      var mine = ++sequence;
      var t = env.words(language);
      if (!query) {
        show([], "", language);
        return;
      }
      if (!engines[language]) status.textContent = t.loading;
      var started = performance.now();
      search(query, language).then(function (found) {
        if (mine !== sequence || !found) return;
        var count = found.total;
        var say = function (count) {
          return count === 0 ? format(t.none, { query: query })
            : found.partial ? t.partial
            : count === 1 ? t.results_one
            : count > MAX_RESULTS ? format(t.results_top, { count: count, shown: MAX_RESULTS })
            : format(t.results_other, { count: count });
        };
        show(found.results, say(count), language);
        // for tests and the benchmark: which query these results answer, and how long they took
        dialog.dispatchEvent(new CustomEvent("qa-search-results", {
          detail: { query: query, count: count, ms: performance.now() - started }
        }));
        return found.more().then(function (rest) {
          if (mine !== sequence) return;
          if (rest.length) append(rest, language);
          // the rest of the list was sifted too (answers with the query's characters scattered left out):
          // the count says what is listed
          if (!found.exact && count <= MAX_RESULTS) status.textContent = say(found.results.length + rest.length);
        });
      }).catch(function () {
        if (mine === sequence) show([], t.failed, language);
      });
    }

    function show(results, message, language) {
      status.textContent = message;
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      append(results, language);
      dialog.setAttribute("data-state", results.length ? "results" : message ? "empty" : "idle");
    }

    function append(results, language) {
      var rows = resultRows(results, "qa-search-option-", env.words(language).terms);
      rows.forEach(function (row, i) {
        row.firstChild.id = "qa-search-option-" + (options.length + i);
        list.appendChild(row);
      });
      options = options.concat(rows.map(function (row) { return row.firstChild; }));
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      if (active < 0 && options.length) select(0);
    }

    function open(query, from) {
      var language = env.readingLanguage();
      if (!dialog) build(language);
      opener = from || document.activeElement;
      if (!dialog.open) dialog.showModal();
      document.documentElement.classList.add("qa-search-active");
      engine(language).catch(function () {}); // fetch the engine while the reader types
      if (typeof query === "string") {
        input.value = query;
        run(language);
      }
      input.focus();
      input.select();
    }

    return {
      open: open,
      search: search,
      rows: function (results, language) { return resultRows(results, "", env.words(language).terms); }
    };
  }
})(window);

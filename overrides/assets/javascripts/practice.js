/* The practice page: choose topics, then one card at a time with the answer hidden, then a summary.
 *
 * A card's question and answer are its question page's own article: the page is fetched (same origin; the
 * browser's cache serves it again, offline included), its <article> taken out, its links and images pointed
 * back at the question page. Nothing of the book is copied into this page, and a card costs what opening
 * the question costs. The next card is fetched while the reader thinks about the current one.
 *
 * The answer is not in the document until it is revealed ("显示答案 / Show answer", Space): then it goes into
 * a polite live region, so a screen reader reads it, and takes the focus. Keys: Space shows, ← or 1 "review again", → or 2 "got
 * it"; on a touch screen, swipe left or right once the answer shows. The scheduler, the progress format and
 * sessions are in practice-core.js; progress.js (which loads this file) gives the settings and the storage key,
 * progress-marks.js the words for counts and dates.
 */
(function () {
  "use strict";

  var shared = window.qaProgress;
  var marks = window.qaProgressMarks;
  var core = window.qaPracticeCore;
  var root = document.getElementById("qa-practice");
  if (!shared || !marks || !core || !root) return;
  var t = shared.strings;
  var element = shared.element;
  var format = marks.format;
  var countsText = marks.countsText;
  var SESSION_KEY = shared.key + ":session";
  var SWIPE = 80; // px of a horizontal swipe that marks the card
  var MAX_IMPORT = 5 * 1024 * 1024;
  var lightbox = null; // Promise of the GLightbox instance, once a card has figures

  var index = null; // practice/questions.json
  var byId = {}; // practice id → {id, url, topic}
  var stored = core.load(storage(), shared.key);
  var progress = stored.progress;
  var session = null;
  var pages = {}; // practice id → Promise of {title: Node, body: Node, url}
  var titles = {}; // practice id → the question as text, for the summary
  var view = null; // the current view's element
  var card = null; // the current card's parts

  /* ---------------------------------------------------------------- small helpers */

  function button(text, className, onClick) {
    var b = element("button", "md-button " + (className || ""), text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function kbd(text) {
    var k = element("kbd", "qa-flashcard__key", text);
    k.setAttribute("aria-hidden", "true");
    return k;
  }

  // where cookies are blocked, even reading window.localStorage throws
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function today() {
    return core.dayOf(new Date());
  }

  function allIds() {
    return Object.keys(byId);
  }

  function saveProgress() {
    if (stored.writable && !core.save(storage(), shared.key, progress)) {
      stored.writable = false;
      notice(t.progress_unsaved);
    }
  }

  function saveSession() {
    try {
      if (session && session.queue.length) {
        window.sessionStorage.setItem(SESSION_KEY, JSON.stringify({ session: session, titles: titles }));
      } else {
        window.sessionStorage.removeItem(SESSION_KEY);
      }
    } catch (e) { /* a session that cannot be resumed after a reload is still a session */ }
  }

  function savedSession() {
    try {
      var data = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || "null");
      if (data && core.isSession(data.session, function (id) { return !!byId[id]; }) && data.session.queue.length) {
        return data;
      }
    } catch (e) { /* nothing to resume */ }
    return null;
  }

  var status = element("p", "qa-practice__notice");
  status.setAttribute("role", "status");

  function notice(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function show(next, focus) {
    if (view) view.remove();
    view = next;
    // a card takes the screen: the page's introduction is for the chooser
    document.documentElement.classList.toggle("qa-practice-session", next.classList.contains("qa-flashcard"));
    root.appendChild(view);
    if (focus) {
      focus.setAttribute("tabindex", "-1");
      focus.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }

  /* ---------------------------------------------------------------- a question page, as a card */

  function demote(node, doc) {
    // the card's question is an h2 under the page's h1: the answer's headings move one level down
    node.querySelectorAll("h2, h3, h4, h5").forEach(function (h) {
      var lower = doc.createElement("h" + (+h.tagName[1] + 1));
      Array.prototype.forEach.call(h.attributes, function (a) { lower.setAttribute(a.name, a.value); });
      while (h.firstChild) lower.appendChild(h.firstChild);
      h.replaceWith(lower);
    });
  }

  function extract(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var article = doc.querySelector("article.md-content__inner");
    var h1 = article && article.querySelector("h1");
    if (!h1) throw new Error("no article in " + url);
    // the author's number (qa-num) means nothing in a shuffled session; the ¶ links point at the other page
    article.querySelectorAll("h1 .qa-num, .headerlink, .md-content__button, .md-source-file, script, style")
      .forEach(function (el) { el.remove(); });
    // links and figures point where they pointed on the question page; a section link opens it there
    article.querySelectorAll("[href]").forEach(function (el) {
      var href = el.getAttribute("href");
      el.setAttribute("href", href.charAt(0) === "#" ? url + href : new URL(href, url).href);
    });
    article.querySelectorAll("[src]").forEach(function (el) {
      el.setAttribute("src", new URL(el.getAttribute("src"), url).href);
    });
    // a figure opens larger in the lightbox, as on its page, once that is loaded; a new tab until then
    article.querySelectorAll("a.glightbox").forEach(function (a) { a.target = "_blank"; });
    var title = doc.createDocumentFragment();
    while (h1.firstChild) title.appendChild(h1.firstChild);
    h1.remove();
    demote(article, doc);
    var body = doc.createDocumentFragment();
    while (article.firstChild) body.appendChild(article.firstChild);
    // the styles the question page loads for what it holds (KaTeX's with math, the lightbox's with figures)
    var styles = [].map.call(doc.querySelectorAll('link[rel="stylesheet"][href]'), function (link) {
      return new URL(link.getAttribute("href"), url).href;
    });
    return { title: title, body: body, url: url, styles: styles, lightbox: lightboxOf(doc, url) };
  }

  // the lightbox the question page starts (mkdocs-glightbox: its script and its options)
  function lightboxOf(doc, url) {
    var script = doc.querySelector('script[src*="glightbox"]');
    var init = doc.getElementById("init-glightbox");
    var options = init && /GLightbox\((\{[\s\S]*?\})\)/.exec(init.textContent); // its first call
    if (!script || !options) return null;
    try {
      return { src: new URL(script.getAttribute("src"), url).href, options: JSON.parse(options[1]) };
    } catch (e) {
      return null;
    }
  }

  function startLightbox(found) {
    if (!lightbox) {
      lightbox = new Promise(function (resolve, reject) {
        var script = element("script");
        script.src = found.src;
        script.onload = function () { resolve(window.GLightbox(found.options)); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
      lightbox.catch(function () { lightbox = null; });
    }
    return lightbox.then(function (box) { box.reload(); });
  }

  function addStyles(hrefs) {
    var have = [].map.call(document.querySelectorAll('link[rel="stylesheet"]'), function (l) { return l.href; });
    hrefs.forEach(function (href) {
      if (have.indexOf(href) >= 0) return;
      var link = element("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
      have.push(href);
    });
  }

  function page(id) {
    if (!pages[id]) {
      var entry = byId[id];
      var url = new URL(entry.url, shared.languageRoot).href;
      pages[id] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var found = extract(html, url);
        titles[id] = found.title.textContent.replace(/\s+/g, " ").trim();
        return found;
      });
      pages[id].catch(function () { delete pages[id]; });
    }
    return pages[id];
  }

  /* ---------------------------------------------------------------- the chooser */

  function topicIds(topic) {
    return topic.questions.map(function (q) { return q.id; });
  }

  function chooser(wanted, message) {
    card = null;
    var t0 = today();
    var box = element("section", "qa-chooser");
    var saved = savedSession();
    if (saved) {
      var left = core.summary(saved.session).left;
      box.appendChild(element("p", "qa-chooser__resume")).appendChild(
        button(format(t.practice_resume, { count: left }), "md-button--primary", function () {
          titles = saved.titles || {};
          run(saved.session);
        }));
    }

    var topics = element("fieldset", "qa-chooser__topics");
    topics.appendChild(element("legend", "", t.practice_choose));
    var all = element("label", "qa-chooser__all");
    var allBox = element("input");
    allBox.type = "checkbox";
    all.appendChild(allBox);
    all.appendChild(document.createTextNode(" " + t.practice_all_topics));
    topics.appendChild(all);
    var list = element("ul", "qa-chooser__list");
    var boxes = [];
    var part = null;
    index.topics.forEach(function (topic) {
      if (topic.part !== undefined && topic.part !== part) {
        part = topic.part;
        list.appendChild(element("li", "qa-chooser__part", part));
      }
      var li = element("li", "qa-chooser__topic");
      var label = element("label");
      var input = element("input");
      input.type = "checkbox";
      input.value = topic.slug;
      input.checked = !wanted.length || wanted.indexOf(topic.slug) >= 0;
      input._topic = topic;
      boxes.push(input);
      label.appendChild(input);
      label.appendChild(element("span", "qa-chooser__name", topic.title));
      label.appendChild(element("span", "qa-progress", countsText(core.counts(progress, topicIds(topic), t0))));
      li.appendChild(label);
      list.appendChild(li);
    });
    topics.appendChild(list);
    box.appendChild(topics);

    var order = element("fieldset", "qa-chooser__order");
    order.appendChild(element("legend", "", t.practice_order));
    var shuffle = null;
    [["order", t.practice_in_order], ["shuffle", t.practice_shuffle]].forEach(function (o, i) {
      var label = element("label");
      var input = element("input");
      input.type = "radio";
      input.name = "qa-practice-order";
      input.value = o[0];
      input.checked = i === 0;
      if (i === 1) shuffle = input;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + o[1]));
      order.appendChild(label);
    });
    box.appendChild(order);

    var actions = element("p", "qa-chooser__actions");
    var startDue = button("", "md-button--primary", function () { start(chosen(true)); });
    var startAll = button("", "", function () { start(chosen(false)); });
    actions.appendChild(startDue);
    actions.appendChild(startAll);
    box.appendChild(actions);
    var hint = element("p", "qa-chooser__hint");
    hint.setAttribute("role", "status");
    box.appendChild(hint);

    function chosen(dueOnly) {
      var ids = [];
      boxes.forEach(function (b) { if (b.checked) ids = ids.concat(topicIds(b._topic)); });
      return dueOnly ? core.dueIds(progress, ids, today()) : ids;
    }

    function start(ids) {
      if (!ids.length) return;
      run(core.startSession(ids, { shuffle: shuffle.checked }));
    }

    function update() {
      var checked = boxes.filter(function (b) { return b.checked; }).length;
      allBox.checked = checked === boxes.length;
      allBox.indeterminate = checked > 0 && checked < boxes.length;
      var due = chosen(true).length;
      var every = chosen(false).length;
      startDue.textContent = format(t.practice_start_due, { count: due });
      startDue.disabled = !due;
      startAll.textContent = format(t.practice_start_all, { count: every });
      startAll.disabled = !every;
      startAll.hidden = due === every;
      hint.textContent = !checked ? t.practice_no_topic : !due ? t.practice_none_due : "";
    }

    allBox.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = allBox.checked; });
      update();
    });
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    update();
    box.appendChild(progressTools());
    show(box);
    notice(message || status.textContent);
  }

  /* ---------------------------------------------------------------- progress: export, import, reset */

  function progressTools() {
    var box = element("section", "qa-progress-tools");
    var heading = element("h2", "", t.progress_title);
    heading.id = "qa-progress-title";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    var ids = allIds();
    box.appendChild(element("p", "qa-progress-tools__counts", countsText(core.counts(progress, ids, today()))));
    box.appendChild(element("p", "qa-progress-tools__private", t.progress_private));
    var row = element("p", "qa-progress-tools__buttons");
    var file = element("input", "qa-progress-tools__file");
    file.type = "file";
    file.accept = "application/json,.json";
    file.hidden = true;
    var marked = Object.keys(progress.cards).length;
    var exportButton = button(t.progress_export, "", exportProgress);
    exportButton.disabled = !marked;
    var importButton = button(t.progress_import, "", function () { file.click(); });
    var resetButton = button(t.progress_reset, "", function () { confirmReset(box, resetButton); });
    resetButton.disabled = !marked;
    if (stored.error === "newer") importButton.disabled = resetButton.disabled = true; // not this script's to change
    file.addEventListener("change", function () {
      if (file.files && file.files[0]) importProgress(file.files[0]);
    });
    [exportButton, importButton, resetButton, file].forEach(function (el) { row.appendChild(el); });
    box.appendChild(row);
    return box;
  }

  function exportProgress() {
    var text = core.exportText(progress, new Date(), document.title);
    var link = element("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = "practice-progress-" + location.hostname.replace(/[^\w.-]+/g, "_") + "-" + today() + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function importProgress(file) {
    if (file.size > MAX_IMPORT) {
      chooser(wantedTopics(), format(t.progress_import_failed, { reason: t.progress_bad_file }));
      return;
    }
    file.text().then(function (text) {
      var read = core.parse(text);
      if (read.error) {
        var reason = read.error === "newer" ? t.progress_newer_file : t.progress_bad_file;
        chooser(wantedTopics(), format(t.progress_import_failed, { reason: reason }));
        return;
      }
      var merged = core.merge(progress, read.progress);
      progress = merged.progress;
      saveProgress();
      chooser(wantedTopics(), format(t.progress_imported, { count: merged.taken }));
    });
  }

  function confirmReset(box, opener) {
    if (box.querySelector(".qa-progress-tools__confirm")) return;
    var panel = element("div", "qa-progress-tools__confirm");
    panel.setAttribute("role", "alertdialog");
    var question = element("p", "", format(t.progress_reset_confirm, { count: Object.keys(progress.cards).length }));
    question.id = "qa-reset-question";
    panel.setAttribute("aria-labelledby", question.id);
    panel.appendChild(question);
    var yes = button(t.progress_reset_yes, "qa-button--danger", function () {
      progress = core.empty();
      saveProgress();
      session = null;
      saveSession();
      chooser(wantedTopics(), t.progress_cleared);
    });
    var no = button(t.progress_cancel, "", function () {
      panel.remove();
      opener.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") no.click();
    });
    panel.appendChild(yes);
    panel.appendChild(no);
    box.appendChild(panel);
    no.focus();
  }

  /* ---------------------------------------------------------------- a session */

  function run(next) {
    session = next;
    saveSession();
    notice("");
    next.queue.length ? showCard() : summary();
  }

  function showCard() {
    var id = core.current(session);
    var entry = byId[id];
    var box = element("section", "qa-flashcard");
    box.setAttribute("aria-labelledby", "qa-flashcard-question");

    var top = element("div", "qa-flashcard__top");
    top.appendChild(element("span", "qa-flashcard__topic", entry.topic.title));
    var sum = core.summary(session);
    var done = sum.known;
    var count = element("span", "qa-flashcard__count", format(t.practice_card_count, { done: done, total: sum.cards }));
    top.appendChild(count);
    top.appendChild(button(t.practice_end, "qa-flashcard__end", function () { summary(); }));
    box.appendChild(top);
    var bar = element("div", "qa-flashcard__bar");
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-label", t.practice_progress_label);
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(sum.cards));
    bar.setAttribute("aria-valuenow", String(done));
    bar.appendChild(element("span")).style.width = (100 * done / Math.max(1, sum.cards)) + "%";
    box.appendChild(bar);

    var question = element("h2", "qa-flashcard__question", t.practice_loading);
    question.id = "qa-flashcard-question";
    box.appendChild(question);
    var answer = element("div", "qa-flashcard__answer");
    answer.setAttribute("role", "region");
    answer.setAttribute("aria-label", t.practice_answer_label);
    answer.setAttribute("aria-live", "polite");
    box.appendChild(answer);

    var actions = element("div", "qa-flashcard__actions");
    var reveal = button(t.practice_show, "md-button--primary qa-flashcard__show", function () { showAnswer(); });
    reveal.appendChild(kbd(t.practice_key_space));
    reveal.setAttribute("aria-keyshortcuts", "Space");
    reveal.disabled = true;
    var again = button(t.practice_again, "qa-flashcard__again", function () { grade("again"); });
    again.insertBefore(kbd("←"), again.firstChild);
    again.setAttribute("aria-keyshortcuts", "ArrowLeft 1");
    var known = button(t.practice_known, "md-button--primary qa-flashcard__known", function () { grade("known"); });
    known.appendChild(kbd("→"));
    known.setAttribute("aria-keyshortcuts", "ArrowRight 2");
    again.hidden = known.hidden = true;
    [reveal, again, known].forEach(function (b) { actions.appendChild(b); });
    box.appendChild(actions);

    var foot = element("p", "qa-flashcard__foot");
    var link = element("a", "qa-flashcard__page", t.practice_open_page);
    link.href = new URL(entry.url, shared.languageRoot).href;
    foot.appendChild(link);
    box.appendChild(foot);
    var keys = element("p", "qa-flashcard__keys", t.practice_keys);
    box.appendChild(keys);
    var swipeHint = element("p", "qa-flashcard__swipe", t.practice_swipe);
    box.appendChild(swipeHint);

    card = { id: id, box: box, question: question, answer: answer, reveal: reveal, again: again, known: known,
             revealed: false, body: null, lightbox: null };
    show(box, question);
    load(card);
    swipe(card);
  }

  function load(current) {
    current.question.textContent = t.practice_loading;
    page(current.id).then(function (found) {
      if (card !== current) return;
      addStyles(found.styles); // before the answer shows: its formulas are drawn right at once
      current.question.textContent = "";
      current.question.appendChild(found.title.cloneNode(true));
      current.body = found.body;
      current.lightbox = found.lightbox;
      current.reveal.disabled = false;
      var next = session.queue[1];
      if (next && next !== current.id) page(next).catch(function () {}); // ready when the reader is
    }).catch(function () {
      if (card !== current) return;
      current.question.textContent = t.practice_load_failed;
      var retry = button(t.practice_retry, "", function () { retry.remove(); skip.remove(); load(current); });
      var skip = button(t.practice_skip, "", function () {
        session = core.skip(session);
        saveSession();
        session.queue.length ? showCard() : summary();
      });
      current.answer.appendChild(retry);
      current.answer.appendChild(skip);
      retry.focus();
    });
  }

  function showAnswer() {
    if (!card || card.revealed || !card.body) return;
    card.revealed = true;
    card.answer.appendChild(card.body.cloneNode(true));
    card.box.classList.add("qa-flashcard--revealed");
    card.reveal.hidden = true;
    card.again.hidden = card.known.hidden = false;
    // the reader goes on reading: Space scrolls the answer (a focused "got it" would take it as a mark),
    // Tab goes through the answer's links to the two buttons
    card.answer.setAttribute("tabindex", "-1");
    card.answer.focus({ preventScroll: true });
    if (card.lightbox && card.answer.querySelector("a.glightbox")) startLightbox(card.lightbox).catch(function () {});
  }

  function grade(result) {
    if (!card || !card.revealed) return;
    progress = core.mark(progress, card.id, result, new Date());
    saveProgress();
    session = core.answer(session, result);
    saveSession();
    session.queue.length ? showCard() : summary();
  }

  function summary() {
    var sum = core.summary(session);
    var box = element("section", "qa-summary");
    var heading = element("h2", "", sum.finished ? t.practice_summary_title : t.practice_summary_ended);
    box.appendChild(heading);
    box.appendChild(element("p", "qa-summary__counts",
      format(t.practice_summary_counts, { cards: sum.cards, known: sum.known, again: sum.again.length })));
    if (sum.left) box.appendChild(element("p", "", format(t.practice_summary_left, { count: sum.left })));
    if (sum.again.length) {
      box.appendChild(element("p", "", t.practice_summary_again));
      var list = element("ul", "qa-summary__again");
      sum.again.forEach(function (id) {
        var link = element("a", "", titles[id] || byId[id].url);
        link.href = new URL(byId[id].url, shared.languageRoot).href;
        list.appendChild(element("li")).appendChild(link);
      });
      box.appendChild(list);
    }
    var next = core.nextDue(progress, session.ids, today());
    if (next) box.appendChild(element("p", "", format(t.practice_summary_next, { date: marks.formatDay(next) })));
    var actions = element("p", "qa-summary__actions");
    if (sum.again.length) {
      actions.appendChild(button(format(t.practice_again_round, { count: sum.again.length }), "md-button--primary",
        function () { run(core.startSession(sum.again)); }));
    }
    actions.appendChild(button(t.practice_back, sum.again.length ? "" : "md-button--primary", function () {
      chooser(wantedTopics());
    }));
    box.appendChild(actions);
    session = null;
    card = null;
    saveSession();
    show(box, heading);
  }

  /* ---------------------------------------------------------------- keys and swipes */

  function typing(target) {
    return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (!card || !card.box.isConnected || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || document.documentElement.classList.contains("qa-search-open") ||
        document.querySelector(".glightbox-container")) return; // keys of the search dialog or the lightbox
    var onControl = !!(event.target.closest && event.target.closest("button, a, summary"));
    if ((event.key === " " || event.key === "Spacebar") && !card.revealed && !onControl) {
      event.preventDefault();
      showAnswer();
    } else if (card.revealed && (event.key === "ArrowLeft" || event.key === "1")) {
      event.preventDefault();
      grade("again");
    } else if (card.revealed && (event.key === "ArrowRight" || event.key === "2")) {
      event.preventDefault();
      grade("known");
    }
  });

  // content a finger scrolls sideways (wide formulas, code, tables) is never a swipe
  var SCROLLS = ".qa-math-display, pre, table, .md-typeset__scrollwrap, .highlight";

  function swipe(current) {
    var box = current.box;
    var x0 = 0, y0 = 0, dx = 0, active = false;
    box.addEventListener("touchstart", function (event) {
      active = current.revealed && event.touches.length === 1 && !event.target.closest(SCROLLS);
      if (!active) return;
      x0 = event.touches[0].clientX;
      y0 = event.touches[0].clientY;
      dx = 0;
    }, { passive: true });
    box.addEventListener("touchmove", function (event) {
      if (!active) return;
      dx = event.touches[0].clientX - x0;
      var dy = event.touches[0].clientY - y0;
      if (Math.abs(dy) > Math.abs(dx)) {
        dx = 0;
        box.style.transform = "";
        box.removeAttribute("data-swipe");
        return;
      }
      box.style.transform = "translateX(" + dx + "px)";
      box.setAttribute("data-swipe", Math.abs(dx) < SWIPE ? "" : dx < 0 ? "again" : "known");
    }, { passive: true });
    box.addEventListener("touchend", function () {
      if (!active) return;
      active = false;
      box.style.transform = "";
      box.removeAttribute("data-swipe");
      if (Math.abs(dx) >= SWIPE) grade(dx < 0 ? "again" : "known");
    });
  }

  /* ---------------------------------------------------------------- start */

  function wantedTopics() {
    var asked = new URLSearchParams(location.search).get("topic");
    return asked ? asked.split(",") : [];
  }

  root.appendChild(status);
  notice(stored.error === "unavailable" ? t.progress_unsaved : stored.error === "newer" ? t.progress_read_only : "");
  marks.loadIndex().then(function (data) {
    index = data;
    index.topics.forEach(function (topic) {
      topic.questions.forEach(function (q) {
        byId[q.id] = { id: q.id, url: q.url, topic: topic };
      });
    });
    chooser(wantedTopics(), status.textContent);
  }).catch(function () {
    notice(t.practice_load_failed);
  });
})();

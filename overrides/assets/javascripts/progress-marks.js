/* The reader's progress on the book's pages, loaded by progress.js only once there is progress to show
 * (bundled after practice-core.js as progress-ui.js; its styles are progress-ui.css).
 *
 * Home page and topic pages: "9 / 21 会了" per topic and a mark by each question link; the questions of each
 * topic come from practice/questions.json, matched to the page's links by URL, so the page's markup needs no
 * change. A question page: a small chip under the title. The practice page uses its counts and words too.
 */
(function () {
  "use strict";

  var shared = window.qaProgress;
  var core = window.qaPracticeCore;
  if (!shared || !core) return;
  var config = shared.config;
  var t = shared.strings;
  var element = shared.element;
  var ICONS = {
    known: '<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>',
    again: '<path d="M12 5V1L7 6l5 5V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8"/>',
    due: '<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16m.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z"/>'
  };
  var MARKS = { known: "mark_known", again: "mark_again", due: "mark_due" };

  function icon(name) {
    return '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">' + ICONS[name] + "</svg>";
  }

  var format = core.format;

  function formatDay(day) {
    return new Intl.DateTimeFormat(config.language, { month: "short", day: "numeric" })
      .format(new Date(day + "T12:00:00"));
  }

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(new URL("questions.json", shared.practiceUrl).href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  function path(url) {
    return new URL(url, shared.languageRoot).pathname.replace(/index\.html$/, "");
  }

  // "9 / 21 会了 · 2 再看 · 1 到期": what a list of questions counts (practice-core.js: counts)
  function countsText(c) {
    var parts = [format(t.progress_known, { known: c.known, total: c.total })];
    if (c.again) parts.push(format(t.progress_again, { count: c.again }));
    var due = c.due - c.again;
    if (due > 0) parts.push(format(t.progress_due, { count: due }));
    return parts.join(" · ");
  }

  function badge(c) {
    var el = element("span", "qa-progress qa-generated", countsText(c));
    if (c.known === c.total && c.total) el.classList.add("qa-progress--done");
    return el;
  }

  function mark(state) {
    var el = element("span", "qa-mark qa-mark--" + state + " qa-generated");
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", t[MARKS[state]]);
    el.title = t[MARKS[state]];
    el.innerHTML = icon(state);
    return el;
  }

  // a link in running text (an answer citing another question) is left alone: lists, headings, cards only
  function inProse(link) {
    return !!link.closest("p, td, blockquote") && !link.closest("li, h1, h2, h3, h4");
  }

  function decorateLists(progress, index, today, article) {
    var topics = {};
    var questions = {};
    var shown = [];
    index.topics.forEach(function (topic) {
      topics[path(topic.url)] = topic;
      topic.questions.forEach(function (q) { questions[path(q.url)] = q.id; });
    });
    article.querySelectorAll("a[href]").forEach(function (link) {
      if (link.closest(".qa-generated, .qa-progress-line") || inProse(link)) return;
      var target = new URL(link.getAttribute("href"), location.href);
      if (target.origin !== location.origin || target.hash) return;
      var where = target.pathname.replace(/index\.html$/, "");
      var topic = topics[where];
      if (topic && where !== location.pathname && shown.indexOf(topic) < 0) {
        shown.push(topic); // by the topic's first link (its title), not by "all 9 questions →" too
        var ids = topic.questions.map(function (q) { return q.id; });
        link.insertAdjacentElement("afterend", badge(core.counts(progress, ids, today)));
      } else if (questions[where]) {
        var state = core.state(progress, questions[where], today);
        if (state !== "new") link.insertAdjacentElement("afterend", mark(state));
      }
    });
  }

  // the line under the title: the topic page has it already (its "practise this topic" link)
  function lineAfterTitle(article) {
    var line = article.querySelector(".qa-progress-line");
    if (line) return line;
    line = element("p", "qa-progress-line qa-generated");
    var title = article.querySelector("h1");
    if (title) title.insertAdjacentElement("afterend", line);
    else article.insertBefore(line, article.firstChild);
    if (config.kind === "home") {
      var a = element("a", "qa-progress-line__practice", t.practice_title);
      a.href = shared.practiceUrl.pathname;
      a.insertAdjacentHTML("afterbegin", shared.icon);
      line.appendChild(a);
    }
    return line;
  }

  // a question page: one small chip under the title, "✓ 会了 · 下次复习：12月3日"
  function questionMark(progress, today, article) {
    var state = core.state(progress, config.id, today);
    if (state === "new") return;
    var chip = element("span", "qa-progress qa-progress--" + state + " qa-generated");
    chip.innerHTML = icon(state);
    var text = t[MARKS[state]];
    if (state === "known") text += " · " + format(t.mark_next, { date: formatDay(progress.cards[config.id].due) });
    chip.appendChild(document.createTextNode(text));
    lineAfterTitle(article).appendChild(chip);
  }

  function render(raw, article) {
    article.querySelectorAll(".qa-generated").forEach(function (el) { el.remove(); });
    var progress = core.parse(raw).progress;
    if (!Object.keys(progress.cards).length) return;
    var today = core.dayOf(new Date());
    if (config.kind === "question") return questionMark(progress, today, article);
    return loadIndex().then(function (index) {
      decorateLists(progress, index, today, article);
      if (config.kind === "part") return; // its topics have their badges; the book's total is on the home page
      var ids = [];
      index.topics.forEach(function (topic) {
        if (config.kind === "home" || topic.id === config.id) {
          topic.questions.forEach(function (q) { ids.push(q.id); });
        }
      });
      var line = lineAfterTitle(article);
      line.insertBefore(badge(core.counts(progress, ids, today)), line.firstChild);
    });
  }

  window.qaProgressMarks = {
    render: render, countsText: countsText, format: format, formatDay: formatDay, loadIndex: loadIndex
  };
})();

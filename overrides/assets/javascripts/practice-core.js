/* Practice mode's logic, without the page: the progress format, the Leitner scheduler and sessions.
 *
 * Used by practice.js (the practice page) and progress.js (the marks on other pages), and unit-tested in Node
 * (tests/js/practice_core.test.cjs). Nothing here touches the DOM; time, randomness and storage are passed in.
 *
 * Scheduling, as the page says in one line: a card marked "review again" comes back REVIEW_GAP cards later in
 * the session (and stays due until it is got); each "got it" moves it up one box, and box n waits
 * INTERVALS[n] days (1, 2, 4, 8, 16, 32) before it is due again. Days are the reader's calendar days.
 *
 * Progress is one JSON object, versioned, keyed by each question's practice id (its pinned source id):
 *   {"format": "qa-practice-progress", "version": 1,
 *    "cards": {"<id>": {"box": 1-7, "due": "YYYY-MM-DD", "seen": n, "t": ms of the last mark}}}
 * An exported file is the same object with "exported" (ISO time) and "site" added.
 */
(function (root) {
  "use strict";

  var FORMAT = "qa-practice-progress";
  var VERSION = 1;
  var INTERVALS = [0, 0, 1, 2, 4, 8, 16, 32]; // days before a card of box n is due again; box 1 is "again"
  var TOP_BOX = INTERVALS.length - 1;
  var REVIEW_GAP = 3; // a card marked "review again" comes back after this many other cards
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  /* ---------------------------------------------------------------- calendar days */

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // the reader's calendar day of a Date, as "YYYY-MM-DD" (sorts and compares as a string)
  function dayOf(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function parseDay(day) {
    var p = day.split("-");
    return new Date(+p[0], +p[1] - 1, +p[2], 12); // noon: a daylight-saving change never moves the day
  }

  function addDays(day, n) {
    var d = parseDay(day);
    d.setDate(d.getDate() + n);
    return dayOf(d);
  }

  /* ---------------------------------------------------------------- the progress format */

  function empty() {
    return { format: FORMAT, version: VERSION, cards: {} };
  }

  function isCard(card) {
    return !!card && typeof card === "object" &&
      card.box === Math.floor(card.box) && card.box >= 1 && card.box <= TOP_BOX &&
      typeof card.due === "string" && DAY.test(card.due) &&
      card.seen === Math.floor(card.seen) && card.seen >= 1 &&
      typeof card.t === "number" && isFinite(card.t) && card.t >= 0;
  }

  /* Read progress from text (localStorage or an imported file): {progress, error, dropped}. error is
     "empty" (nothing there), "bad" (not this site's progress) or "newer" (a later version of the format,
     which this script must not rewrite). Cards that do not read as cards are dropped and counted. */
  function parse(text) {
    if (text === null || text === undefined || text === "") return { progress: empty(), error: "empty", dropped: 0 };
    var data;
    try { data = JSON.parse(text); } catch (e) { return { progress: empty(), error: "bad", dropped: 0 }; }
    if (!data || typeof data !== "object" || data.format !== FORMAT || typeof data.version !== "number" ||
        data.version !== Math.floor(data.version) || data.version < 1) {
      return { progress: empty(), error: "bad", dropped: 0 };
    }
    if (data.version > VERSION) return { progress: empty(), error: "newer", dropped: 0 };
    var cards = data.cards && typeof data.cards === "object" && !Array.isArray(data.cards) ? data.cards : null;
    if (!cards) return { progress: empty(), error: "bad", dropped: 0 };
    var out = empty();
    var dropped = 0;
    Object.keys(cards).forEach(function (id) {
      var c = cards[id];
      if (isCard(c)) out.cards[id] = { box: c.box, due: c.due, seen: c.seen, t: c.t };
      else dropped += 1;
    });
    return { progress: out, error: null, dropped: dropped };
  }

  function serialize(progress) {
    return JSON.stringify({ format: FORMAT, version: VERSION, cards: progress.cards });
  }

  // the file a reader downloads: the stored object, plus when and where it was made
  function exportText(progress, now, site) {
    return JSON.stringify({ format: FORMAT, version: VERSION, site: site || "", exported: now.toISOString(),
                            cards: progress.cards }, null, 1);
  }

  /* Another device's progress into this one: per card, the one marked last wins. Returns
     {progress, taken}: taken counts the cards the import brought or changed. */
  function merge(mine, theirs) {
    var out = empty();
    var taken = 0;
    Object.keys(mine.cards).forEach(function (id) { out.cards[id] = mine.cards[id]; });
    Object.keys(theirs.cards).forEach(function (id) {
      var here = out.cards[id];
      var there = theirs.cards[id];
      if (!here || there.t > here.t) {
        out.cards[id] = there;
        taken += 1;
      }
    });
    return { progress: out, taken: taken };
  }

  /* ---------------------------------------------------------------- the scheduler */

  // a reader's mark: "again" (review again) or "known" (got it); returns new progress, the old one untouched
  function mark(progress, id, result, now) {
    var today = dayOf(now);
    var before = progress.cards[id];
    var box = result === "again" ? 1 : Math.min(TOP_BOX, Math.max(2, (before ? before.box : 0) + 1));
    var out = empty();
    Object.keys(progress.cards).forEach(function (k) { out.cards[k] = progress.cards[k]; });
    out.cards[id] = { box: box, due: addDays(today, INTERVALS[box]), seen: (before ? before.seen : 0) + 1,
                      t: now.getTime() };
    return out;
  }

  // "new" (never marked), "again" (marked review again), "due" (got, and its wait is over) or "known"
  function state(progress, id, today) {
    var card = progress.cards[id];
    if (!card) return "new";
    if (card.box === 1) return "again";
    return card.due <= today ? "due" : "known";
  }

  /* What a list of questions looks like: total, known (got it, due or not: "9 / 21 会了"), again, due
     (what a session would bring back: marked again, or got and waiting over) and new. */
  function counts(progress, ids, today) {
    var out = { total: ids.length, known: 0, again: 0, due: 0, fresh: 0 };
    ids.forEach(function (id) {
      var s = state(progress, id, today);
      if (s === "new") out.fresh += 1;
      else if (s === "again") out.again += 1;
      else out.known += 1;
      if (s === "again" || s === "due") out.due += 1;
    });
    return out;
  }

  // the questions a session brings: never seen, marked again, or due; in the order given
  function dueIds(progress, ids, today) {
    return ids.filter(function (id) { return state(progress, id, today) !== "known"; });
  }

  // the first day one of these questions is due again after today (null if none is waiting)
  function nextDue(progress, ids, today) {
    var next = null;
    ids.forEach(function (id) {
      var card = progress.cards[id];
      if (card && card.box > 1 && card.due > today && (next === null || card.due < next)) next = card.due;
    });
    return next;
  }

  /* ---------------------------------------------------------------- sessions */

  function shuffle(list, random) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i -= 1) {
      var j = Math.floor(random() * (i + 1));
      var tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  // a session over these questions: in the order given, or shuffled with random() (Math.random by default)
  function startSession(ids, options) {
    options = options || {};
    var order = options.shuffle ? shuffle(ids, options.random || Math.random) : ids.slice();
    return { ids: order, queue: order.slice(), results: {}, skipped: [] };
  }

  function current(session) {
    return session.queue.length ? session.queue[0] : null;
  }

  // the reader marked the current card: "again" puts it back REVIEW_GAP cards later, "known" retires it
  function answer(session, result) {
    var id = current(session);
    if (id === null) return session;
    var queue = session.queue.slice(1);
    var results = {};
    Object.keys(session.results).forEach(function (k) { results[k] = session.results[k]; });
    var r = results[id] || { again: 0, known: false };
    r = { again: r.again + (result === "again" ? 1 : 0), known: result !== "again" };
    results[id] = r;
    if (result === "again") queue.splice(Math.min(REVIEW_GAP, queue.length), 0, id);
    return { ids: session.ids, queue: queue, results: results, skipped: session.skipped };
  }

  // a card that cannot be shown (its page did not load): out of this session, unmarked
  function skip(session) {
    var id = current(session);
    if (id === null) return session;
    return { ids: session.ids, queue: session.queue.slice(1), results: session.results,
             skipped: session.skipped.concat([id]) };
  }

  function summary(session) {
    var known = 0;
    var again = [];
    session.ids.forEach(function (id) {
      var r = session.results[id];
      if (r && r.known) known += 1;
      if (r && r.again) again.push(id);
    });
    var left = session.queue.filter(function (id, i, all) { return all.indexOf(id) === i; }).length;
    return { cards: session.ids.length, known: known, again: again, left: left + session.skipped.length,
             finished: session.queue.length === 0 };
  }

  // a session as stored (sessionStorage) must still match the book: ids it does not know end it
  function isSession(session, known) {
    return !!session && Array.isArray(session.ids) && Array.isArray(session.queue) &&
      Array.isArray(session.skipped) && !!session.results && typeof session.results === "object" &&
      session.ids.every(function (id) { return typeof id === "string" && known(id); }) &&
      session.queue.every(function (id) { return session.ids.indexOf(id) >= 0; });
  }

  /* ---------------------------------------------------------------- storage */

  /* {progress, writable, error}: writable is false where the browser refuses storage, or where a newer
     version of the site saved the progress (this script must not overwrite what it cannot read). */
  function load(storage, key) {
    var text;
    try {
      text = storage.getItem(key);
    } catch (e) {
      return { progress: empty(), writable: false, error: "unavailable" };
    }
    var read = parse(text);
    if (read.error === "newer") return { progress: read.progress, writable: false, error: "newer" };
    return { progress: read.progress, writable: true, error: read.error === "empty" ? null : read.error };
  }

  function save(storage, key, progress) {
    try {
      if (Object.keys(progress.cards).length) storage.setItem(key, serialize(progress));
      else storage.removeItem(key);
      return true;
    } catch (e) {
      return false;
    }
  }

  // A reader-facing text with its {placeholders} filled; a noun right after a count of one in the singular
  // ("1 card", not "1 cards"), as the build's texts.counted does. Chinese counts with a measure word.
  function format(text, values) {
    return text
      .replace(/\{(\w+)\} (question|topic|document|section|card|result|answer|formula)s\b/g, function (whole, key, noun) {
        return String(values[key]) === "1" ? "{" + key + "} " + noun : whole;
      })
      .replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  var api = {
    FORMAT: FORMAT, format: format, VERSION: VERSION, INTERVALS: INTERVALS, REVIEW_GAP: REVIEW_GAP,
    dayOf: dayOf, addDays: addDays,
    empty: empty, parse: parse, serialize: serialize, exportText: exportText, merge: merge,
    mark: mark, state: state, counts: counts, dueIds: dueIds, nextDue: nextDue,
    startSession: startSession, current: current, answer: answer, skip: skip, summary: summary,
    isSession: isSession, shuffle: shuffle,
    load: load, save: save
  };
  root.qaPracticeCore = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);

// Unit tests of overrides/assets/javascripts/practice-core.js (the scheduler, sessions and the progress format),
// run by Node's test runner (tests/test_practice_js.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const core = require(path.join(__dirname, "..", "..", "overrides", "assets", "javascripts", "practice-core.js"));

const MONDAY = new Date(2026, 10, 30, 9, 0); // 30 Nov 2026, 09:00 local
const at = (day, hour = 9) => { const [y, m, d] = day.split("-").map(Number); return new Date(y, m - 1, d, hour); };
const ids = ["q1", "q2", "q3", "q4", "q5"];

class MemoryStorage {
  constructor(items = {}) { this.items = { ...items }; }
  getItem(k) { return Object.prototype.hasOwnProperty.call(this.items, k) ? this.items[k] : null; }
  setItem(k, v) { this.items[k] = String(v); }
  removeItem(k) { delete this.items[k]; }
}

// ---------------------------------------------------------------- days

test("calendar days are the reader's local days and add across months and years", () => {
  assert.equal(core.dayOf(MONDAY), "2026-11-30");
  assert.equal(core.dayOf(new Date(2026, 10, 30, 23, 59)), "2026-11-30");
  assert.equal(core.addDays("2026-11-30", 1), "2026-12-01");
  assert.equal(core.addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(core.addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(core.addDays("2026-03-28", 2), "2026-03-30"); // across a daylight-saving change in Europe
});

// ---------------------------------------------------------------- the scheduler

test("got it on a new card waits one day, and each further got it doubles the wait up to 32 days", () => {
  let p = core.empty();
  let now = MONDAY;
  const waits = [];
  for (let i = 0; i < 8; i++) {
    p = core.mark(p, "q1", "known", now);
    const card = p.cards.q1;
    const wait = Math.round((at(card.due) - at(core.dayOf(now))) / 86400000);
    waits.push(wait);
    now = at(card.due);
  }
  assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 32, 32]);
  assert.equal(p.cards.q1.box, 7);
  assert.equal(p.cards.q1.seen, 8);
});

test("review again puts a card back in box 1, due today, whatever box it was in", () => {
  let p = core.empty();
  for (let i = 0; i < 4; i++) p = core.mark(p, "q1", "known", MONDAY);
  assert.equal(p.cards.q1.box, 5);
  p = core.mark(p, "q1", "again", MONDAY);
  assert.deepEqual({ box: p.cards.q1.box, due: p.cards.q1.due }, { box: 1, due: "2026-11-30" });
  assert.equal(core.state(p, "q1", "2026-11-30"), "again");
  p = core.mark(p, "q1", "known", MONDAY); // got it after review again: one day
  assert.deepEqual({ box: p.cards.q1.box, due: p.cards.q1.due }, { box: 2, due: "2026-12-01" });
});

test("marking never changes the progress it was given", () => {
  const p = core.mark(core.empty(), "q1", "known", MONDAY);
  const frozen = JSON.stringify(p);
  core.mark(p, "q1", "again", MONDAY);
  core.mark(p, "q2", "known", MONDAY);
  assert.equal(JSON.stringify(p), frozen);
});

test("states and counts: new, again, due once the wait is over, known before", () => {
  let p = core.empty();
  p = core.mark(p, "q1", "known", MONDAY); // due 12-01
  p = core.mark(p, "q2", "again", MONDAY);
  p = core.mark(p, "q3", "known", MONDAY);
  p = core.mark(p, "q3", "known", at("2026-12-01")); // due 12-03
  assert.deepEqual(ids.map((id) => core.state(p, id, "2026-11-30")), ["known", "again", "known", "new", "new"]);
  assert.deepEqual(ids.map((id) => core.state(p, id, "2026-12-01")), ["due", "again", "known", "new", "new"]);
  assert.deepEqual(core.counts(p, ids, "2026-11-30"), { total: 5, known: 2, again: 1, due: 1, fresh: 2 });
  assert.deepEqual(core.counts(p, ids, "2026-12-01"), { total: 5, known: 2, again: 1, due: 2, fresh: 2 });
  assert.deepEqual(core.dueIds(p, ids, "2026-11-30"), ["q2", "q4", "q5"]);
  assert.deepEqual(core.dueIds(p, ids, "2026-12-01"), ["q1", "q2", "q4", "q5"]);
  assert.equal(core.nextDue(p, ids, "2026-11-30"), "2026-12-01");
  assert.equal(core.nextDue(p, ids, "2026-12-01"), "2026-12-03");
  assert.equal(core.nextDue(p, ["q2", "q4"], "2026-11-30"), null);
});

test("counts only count the questions asked about: progress of a removed question is not shown", () => {
  let p = core.mark(core.empty(), "gone", "known", MONDAY);
  p = core.mark(p, "q1", "known", MONDAY);
  assert.deepEqual(core.counts(p, ["q1", "q2"], "2026-11-30"), { total: 2, known: 1, again: 0, due: 0, fresh: 1 });
});

// ---------------------------------------------------------------- sessions

test("a session in book order shows every card once when each is got", () => {
  let s = core.startSession(ids);
  const seen = [];
  while (core.current(s) !== null) {
    seen.push(core.current(s));
    s = core.answer(s, "known");
  }
  assert.deepEqual(seen, ids);
  assert.deepEqual(core.summary(s), { cards: 5, known: 5, again: [], left: 0, finished: true });
});

test("review again brings the card back after three other cards, or at the end when fewer are left", () => {
  let s = core.startSession(ids);
  const seen = [];
  const plan = { q1: ["again", "known"], q4: ["again", "again", "known"] };
  while (core.current(s) !== null && seen.length < 20) {
    const id = core.current(s);
    seen.push(id);
    s = core.answer(s, (plan[id] || ["known"]).shift() || "known");
  }
  assert.deepEqual(seen, ["q1", "q2", "q3", "q4", "q1", "q5", "q4", "q4"]);
  const sum = core.summary(s);
  assert.equal(sum.known, 5);
  assert.deepEqual(sum.again, ["q1", "q4"]);
  assert.equal(sum.finished, true);
});

test("shuffled sessions hold every card exactly once, in an order set by the random source", () => {
  let seed = 7;
  const random = () => { seed = (seed * 16807) % 2147483647; return (seed - 1) / 2147483646; };
  const s = core.startSession(ids, { shuffle: true, random });
  assert.deepEqual([...s.ids].sort(), ids);
  assert.notDeepEqual(s.ids, ids);
  seed = 7;
  assert.deepEqual(core.startSession(ids, { shuffle: true, random }).ids, s.ids);
  assert.deepEqual(core.startSession(ids, { shuffle: false }).ids, ids);
});

test("a session ended early tells how many cards were not reached; a skipped card counts as not reached", () => {
  let s = core.startSession(ids);
  s = core.answer(s, "known");
  s = core.answer(s, "again");
  s = core.skip(s);
  const sum = core.summary(s);
  assert.deepEqual(sum, { cards: 5, known: 1, again: ["q2"], left: 4, finished: false });
  assert.deepEqual(s.skipped, ["q3"]);
});

test("a stored session is accepted only while the book still has its questions", () => {
  const s = core.startSession(ids);
  const known = (id) => ids.includes(id);
  assert.equal(core.isSession(JSON.parse(JSON.stringify(s)), known), true);
  assert.equal(core.isSession(s, (id) => id !== "q3"), false);
  assert.equal(core.isSession({ ids: "q1" }, known), false);
  assert.equal(core.isSession(null, known), false);
});

// ---------------------------------------------------------------- the progress format

test("progress survives a round trip through text, and says its format and version", () => {
  let p = core.mark(core.empty(), "1.为什么现在的大模型大多是decoder-only的架构？", "known", MONDAY);
  p = core.mark(p, "q2", "again", MONDAY);
  const text = core.serialize(p);
  const data = JSON.parse(text);
  assert.equal(data.format, "qa-practice-progress");
  assert.equal(data.version, 1);
  const back = core.parse(text);
  assert.equal(back.error, null);
  assert.deepEqual(back.progress, p);
});

test("reading progress refuses what is not this site's progress, and marks a newer version", () => {
  assert.equal(core.parse(null).error, "empty");
  assert.equal(core.parse("not json").error, "bad");
  assert.equal(core.parse("[]").error, "bad");
  assert.equal(core.parse(JSON.stringify({ format: "other", version: 1, cards: {} })).error, "bad");
  assert.equal(core.parse(JSON.stringify({ format: core.FORMAT, version: "1", cards: {} })).error, "bad");
  assert.equal(core.parse(JSON.stringify({ format: core.FORMAT, version: 1, cards: [] })).error, "bad");
  assert.equal(core.parse(JSON.stringify({ format: core.FORMAT, version: 2, cards: {} })).error, "newer");
});

test("cards that do not read as cards are dropped and counted, the others kept", () => {
  const good = { box: 3, due: "2026-12-02", seen: 2, t: 1 };
  const text = JSON.stringify({
    format: core.FORMAT, version: 1, cards: {
      ok: good, box0: { ...good, box: 0 }, box9: { ...good, box: 9 }, day: { ...good, due: "tomorrow" },
      seen: { ...good, seen: 0 }, t: { ...good, t: "x" }, nul: null, extra: { ...good, note: "kept out" },
    },
  });
  const read = core.parse(text);
  assert.equal(read.error, null);
  assert.deepEqual(Object.keys(read.progress.cards).sort(), ["extra", "ok"]);
  assert.deepEqual(read.progress.cards.extra, good); // unknown fields are not carried
  assert.equal(read.dropped, 6);
});

test("an exported file imports into an empty browser as the same progress", () => {
  let p = core.mark(core.empty(), "a", "known", MONDAY);
  p = core.mark(p, "b", "again", MONDAY);
  const file = core.exportText(p, MONDAY, "大模型面试问答");
  assert.equal(JSON.parse(file).site, "大模型面试问答");
  const read = core.parse(file);
  assert.equal(read.error, null);
  const merged = core.merge(core.empty(), read.progress);
  assert.equal(merged.taken, 2);
  assert.deepEqual(merged.progress, p);
});

test("importing keeps, per card, the mark made last", () => {
  let mine = core.mark(core.empty(), "a", "known", at("2026-12-01"));
  mine = core.mark(mine, "b", "known", at("2026-11-28"));
  let theirs = core.mark(core.empty(), "a", "again", at("2026-11-29"));
  theirs = core.mark(theirs, "b", "again", at("2026-11-29"));
  theirs = core.mark(theirs, "c", "known", at("2026-11-29"));
  const { progress, taken } = core.merge(mine, theirs);
  assert.equal(taken, 2);
  assert.equal(progress.cards.a.box, 2); // mine is newer
  assert.equal(progress.cards.b.box, 1); // theirs is newer
  assert.equal(progress.cards.c.box, 2);
});

// ---------------------------------------------------------------- storage

test("storage: saved and loaded; an empty progress removes the key", () => {
  const storage = new MemoryStorage();
  const key = "qa-practice:/llm-qa/";
  assert.deepEqual(core.load(storage, key), { progress: core.empty(), writable: true, error: null });
  const p = core.mark(core.empty(), "q1", "known", MONDAY);
  assert.equal(core.save(storage, key, p), true);
  assert.deepEqual(core.load(storage, key).progress, p);
  assert.equal(core.save(storage, key, core.empty()), true);
  assert.equal(storage.getItem(key), null);
});

test("storage: progress of a newer version is read-only; a refusing browser is reported, not thrown", () => {
  const key = "qa-practice:/";
  const newer = new MemoryStorage({ [key]: JSON.stringify({ format: core.FORMAT, version: 9, cards: {} }) });
  assert.deepEqual(core.load(newer, key), { progress: core.empty(), writable: false, error: "newer" });
  const refusing = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("Quota"); } };
  assert.equal(core.load(refusing, key).writable, false);
  assert.equal(core.save(refusing, key, core.mark(core.empty(), "q", "known", MONDAY)), false);
});

// ---------------------------------------------------------------- reader-facing counts

test("a count of one takes the singular noun; other counts and Chinese texts are as written", () => {
  assert.equal(core.format("Progress of {count} questions imported.", { count: 1 }), "Progress of 1 question imported.");
  assert.equal(core.format("Progress of {count} questions imported.", { count: 3 }), "Progress of 3 questions imported.");
  assert.equal(core.format("{cards} cards: {known} got it", { cards: 1, known: 0 }), "1 card: 0 got it");
  assert.equal(core.format("已导入 {count} 道题的进度。", { count: 1 }), "已导入 1 道题的进度。");
  assert.equal(core.format("{count} due", { count: 1 }), "1 due");
  assert.equal(core.format("{done} / {total} this session", { done: 1, total: 1 }), "1 / 1 this session");
});

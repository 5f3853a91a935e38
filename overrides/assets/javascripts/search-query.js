/* What a search finds and how it is shown, on top of Pagefind's index (used by search.js, and by the unit
 * tests in Node: nothing here touches the page).
 *
 * search(pagefind, query, language) → {results, total, partial, more()}: each result says where it should
 * open (the sub-heading that holds the query's words), its title, topic, section and an excerpt as text with
 * the ranges to mark.
 */
(function (root) {
  "use strict";

  var MAX_RESULTS = 10;
  var MAX_SECTIONS = 2;

  /* The index holds Chinese one character per word (see search.py): space a query's Han characters the
     same way, so that the browser's segmenter and the index always agree. */
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var HAN_PAIR = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;
  var CHUNKS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[-.+][a-z0-9]+)*/g;

  function spaced(query) {
    return query.replace(HAN_PAIR, "$1 ");
  }

  // the query's words: each Han character, each Latin word
  function termsOf(query) {
    return spaced(query.toLowerCase()).split(/[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffa-z0-9]+/)
      .filter(Boolean).filter(function (t, i, all) { return all.indexOf(t) === i; });
  }

  function compact(text) {
    return (text || "").toLowerCase().replace(/[\s\u200b]+/g, "");
  }

  /* How much of the query a page holds as written, in its title and in its text: the query's runs of Han
     characters and Latin words as typed (adjacency, which matching one character at a time cannot see), and
     its words without the question words (coverage, for questions in everyday words). A tie-breaker on top
     of Pagefind's ranking. */
  function phraseScore(query, page, language) {
    var title = compact(page.meta && page.meta.title);
    var text = compact(page.content);
    var cover = function (chunks) {
      var total = 0, inTitle = 0, inText = 0;
      chunks.forEach(function (chunk) {
        var size = HAN.test(chunk) ? chunk.length : Math.max(2, chunk.length / 3);
        total += size;
        if (title.indexOf(chunk) >= 0) inTitle += size;
        if (text.indexOf(chunk) >= 0) inText += size;
      });
      return total ? (1.5 * inTitle + inText) / total : 0;
    };
    var runs = query.toLowerCase().match(CHUNKS) || [];
    return 0.5 * cover(runs) + 0.5 * cover(queryWords(query, language).map(compact));
  }

  /* The index matches Chinese one character at a time, so 层归一化 also matches a page with 层, 归, 一 and 化
     far apart. A page "holds a word" of the query when one of its words (a Chinese one of two characters or
     more, or a Latin one) appears in it as written. */
  function holdsAWord(query, language) {
    var found = units(query, language);
    var words = found.some(function (u) { return HAN.test(u) && u.length > 1; }) ? found : [];
    return function (page) {
      if (!words.length) return true;
      var text = compact((page.meta && page.meta.title) + " " + page.content);
      return words.some(function (w) { return text.indexOf(w) >= 0; });
    };
  }

  /* Words that carry no subject in a question ("为什么现在没人用了", "how to …"): a relaxed search ignores them. */
  var STOP = ("的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 有 没有 没 什么 为什么 怎么 怎样 怎么样 如何 哪些 哪个 哪 这个 那个 " +
    "这些 那些 一个 一些 现在 目前 大家 可以 能 能够 会 要 需要 里 中 上 下 对 把 被 让 给 从 到 都 也 还 就 而 但 又 很 " +
    "请 介绍 一下 说说 讲讲 我 你 他 它 们 也 做 靠 吗 区别 差别 不同 差异 异同 " +
    "a an the is are was were be been being of to in on at for and or with by from as how what why which who " +
    "when where do does did can could should would will vs versus about into than that this these those it its " +
    "i you we they my your our their there here not no if so too very more most much many some any each just " +
    "also get got make made").split(" ");

  // the query's words, lower-case, as the browser segments them (Chinese included)
  function segments(query, language) {
    var out = [];
    if (typeof Intl !== "undefined" && Intl.Segmenter) {
      var segmenter = new Intl.Segmenter(language, { granularity: "word" });
      for (var it = segmenter.segment(query)[Symbol.iterator](), step = it.next(); !step.done; step = it.next()) {
        if (step.value.isWordLike) out.push(step.value.segment.toLowerCase());
      }
      return out;
    }
    return termsOf(query);
  }

  function queryWords(query, language) {
    return segments(query, language).filter(function (w, i, all) {
      return STOP.indexOf(w) < 0 && all.indexOf(w) === i;
    });
  }

  var pageCounts = typeof WeakMap === "function" ? new WeakMap() : null;
  var memos = typeof WeakMap === "function" && typeof Map === "function" ? new WeakMap() : null;
  var MEMO_SIZE = 400;

  /* Pagefind with a memory of its last searches: a query searches its words and phrases several times over
     (the whole query, each Chinese phrase, each word of a relaxed search), and the next keystroke, or the
     next query, asks for most of them again. */
  function remembering(pagefind) {
    if (!memos || !pagefind) return pagefind;
    var memo = memos.get(pagefind);
    if (!memo) {
      var seen = new Map();
      memo = {
        search: function (query) {
          var key = query === null ? "\u0000" : String(query);
          var found = seen.get(key);
          if (!found) {
            found = Promise.resolve(pagefind.search(query));
            found.catch(function () { seen.delete(key); }); // a failed fetch is asked again next time
            seen.set(key, found);
            if (seen.size > MEMO_SIZE) seen.delete(seen.keys().next().value);
          }
          return found;
        }
      };
      memos.set(pagefind, memo);
    }
    return memo;
  }

  // how many pages the index holds (for idf): a search without words lists them all
  function pageCount(pagefind) {
    var known = pageCounts && pageCounts.get(pagefind);
    if (!known) {
      known = pagefind.search(null).then(function (all) { return all && all.results.length || 1; });
      if (pageCounts) pageCounts.set(pagefind, known);
    }
    return known;
  }

  /* When no answer has every word (a typo, a word the book does not use, a question in everyday words):
     each word of the query on its own, answers ranked by the words they have, rare words counting more
     (idf). A Latin word the index does not hold is a typo: Pagefind answers it with the nearest words it
     has ("smapling" → "SM"), else it is tried again as its first half ("rotery" → "rot…"); either guess
     counts GUESS_WEIGHT, so a misspelt rare word never outweighs the words the reader spelled right. */
  var GUESS_WEIGHT = 0.5;

  function relaxed(pagefind, query, language) {
    var words = queryWords(query, language);
    if (!words.length) return Promise.resolve([]);
    var one = function (word) {
      return pagefind.search(spaced(word)).then(function (found) {
        var results = found ? found.results : [];
        if (HAN.test(word) || word.length < 5) return { results: results, weight: 1 };
        return pagefind.search('"' + word + '"').then(function (exact) {  // the word itself, as written
          if (exact && exact.results.length) return { results: results, weight: 1 };
          var guess = results.length ? Promise.resolve(results)
            : pagefind.search(word.slice(0, Math.max(3, Math.ceil(word.length / 2)))).then(function (again) {
              return again ? again.results : [];
            });
          return guess.then(function (guessed) { return { results: guessed, weight: GUESS_WEIGHT }; });
        });
      });
    };
    return Promise.all([pageCount(pagefind)].concat(words.map(one))).then(function (runs) {
      var total = runs.shift();
      var pages = {};
      runs.forEach(function (run) {
        var results = run.results;
        if (!results.length) return;
        var idf = Math.log(1 + total / results.length);
        var top = results[0].score || 1;
        results.forEach(function (r) {
          var entry = pages[r.id] || (pages[r.id] = { result: r, score: 0 });
          entry.score += run.weight * idf * (0.5 + 0.5 * (r.score || 0) / top);
        });
      });
      var ranked = Object.keys(pages).map(function (id) { return pages[id]; })
        .sort(function (a, b) { return b.score - a.score; });
      var floor = ranked.length ? 0.35 * ranked[0].score : 0;
      return ranked.filter(function (e) { return e.score >= floor; }).map(function (e) {
        return { id: e.result.id, score: e.score, data: e.result.data };
      });
    });
  }

  /* A search: the best results with, for each, where in the answer its words are.
     All words must match; when none or very few answers have them all, relaxed() adds the answers with most
     of them (marked as partial when none has them all). Answers that hold the query's phrases as written
     (Chinese words: Pagefind's exact search) rank first: the index matches Chinese one character at a time
     and cannot see adjacency by itself. The first FIRST_BATCH results are then refined by
     phraseScore on their text and shown at once; the rest of the list follows (.more). */
  var FIRST_BATCH = 5;
  var FEW = 3; // fewer answers than this with every word: the relaxed search is asked too
  var PHRASE_WEIGHT = 1.5;

  // the query's Chinese words, of two characters or more (with a Latin word they are glued to: 非transformer)
  function phrases(query, language) {
    return units(query, language).filter(function (u) { return HAN.test(u) && u.length > 1; });
  }

  // results of several searches as one list: a page's score is its score in ``scored`` plus ``bonus`` for
  // being in ``members``
  function merge(scored, members, bonus) {
    var merged = {};
    scored.forEach(function (r) { merged[r.id] = { id: r.id, score: r.score || 0, data: r.data }; });
    members.forEach(function (r) {
      var entry = merged[r.id] || (merged[r.id] = { id: r.id, score: 0, data: r.data });
      entry.score += bonus;
    });
    return Object.keys(merged).map(function (id) { return merged[id]; })
      .sort(function (a, b) { return b.score - a.score; });
  }

  // the results' scores made relative (the best is 1), plus PHRASE_WEIGHT for holding all phrases as written
  function withPhrases(results, exactRuns, wanted) {
    var best = results.length ? results[0].score || 1 : 1;
    var scaled = results.map(function (r) { return { id: r.id, score: (r.score || 0) / best, data: r.data }; });
    var total = 0;
    wanted.forEach(function (phrase) { total += unitWeight(phrase); });
    exactRuns.forEach(function (run, i) {
      if (run && run.results.length) {
        scaled = merge(scaled, run.results, PHRASE_WEIGHT * unitWeight(wanted[i]) / total);
      }
    });
    return scaled.sort(function (a, b) { return b.score - a.score; });
  }

  function search(pagefind, query, language) {
    pagefind = remembering(pagefind);
    var wanted = phrases(query, language);
    var searches = [pagefind.search(spaced(query))].concat(wanted.map(function (phrase) {
      return pagefind.search('"' + spaced(phrase) + '"');
    }));
    return Promise.all(searches).then(function (runs) {
      if (!runs[0]) return null;
      var strict = runs[0].results;
      var found = strict.length >= FEW || queryWords(query, language).length < 2
        ? Promise.resolve({ results: strict, partial: false })
        // none or very few answers have every word: those few may hold a misspelt word by chance, so the
        // answers with most of the words join them (the few keep a small lead)
        : relaxed(pagefind, query, language).then(function (loose) {
          if (!strict.length) return { results: loose, partial: true };
          var lead = loose.length ? 0.15 * loose[0].score : 1;
          return { results: merge(loose, strict, lead), partial: false };
        });
      return found.then(function (found) {
        return { results: withPhrases(found.results, runs.slice(1), wanted), partial: found.partial };
      });
    }).then(function (found) {
      if (!found) return null;
      var all = found.results.slice(0, MAX_RESULTS);
      var head = all.slice(0, FIRST_BATCH);
      var best = head.length ? head[0].score || 1 : 1;
      var holds = holdsAWord(query, language);
      return Promise.all(head.map(function (r) { return r.data(); })).then(function (pages) {
        var scored = pages.map(function (page, i) {
          return { page: page, rank: (head[i].score || 0) / best + phraseScore(query, page, language), order: i };
        });
        // answers that only have the query's characters scattered go, when others have its words
        var kept = scored.filter(function (s) { return holds(s.page); });
        var dropped = kept.length ? scored.length - kept.length : 0;
        if (kept.length) scored = kept;
        scored.sort(function (a, b) { return b.rank - a.rank || a.order - b.order; });
        return {
          results: scored.map(function (s) { return describe(s.page, query, language); }),
          total: found.results.length - dropped,
          exact: !dropped || all.length <= FIRST_BATCH, // else ``more`` leaves out some of the rest too
          partial: found.partial,
          more: function () {
            return Promise.all(all.slice(FIRST_BATCH).map(function (r) { return r.data(); })).then(function (rest) {
              return rest.filter(function (page) { return !dropped || holds(page); })
                .map(function (page) { return describe(page, query, language); });
            });
          }
        };
      });
    });
  }

  /* Where a result should open, and what it shows, decided on the page's own text (Pagefind's sections only
     know the words of one search, and a relaxed search runs several). The indexed copy of a page has, after
     its title, a hidden section "qa-terms" (keywords, translated title, glossary terms) and a section
     "qa-answer" (the answer up to its first sub-heading). The result opens at the sub-heading whose text holds
     most of the query's words, at the top when that is the answer's opening; its excerpt is the densest
     window of that text, the query's words marked. When only the title or the extra words match, the answer's
     opening words (its summary) are shown, with the extra words found. */
  var TERMS = "qa-terms", ANSWER = "qa-answer";
  var EXCERPT = { han: 72, latin: 170 };

  // what to find in a page: Latin words, and runs of Chinese words between question words (with the longer
  // words of a run on their own too: 低秩压缩, then 压缩), never the question words themselves
  function units(query, language) {
    var out = [], run = [];
    var lower = query.toLowerCase();
    var flush = function () {
      if (run.length) out.push(run.join(""));
      if (run.length > 1) run.forEach(function (w) { if (w.length > 1) out.push(w); });
      run = [];
    };
    segments(query, language).forEach(function (word) {
      if (STOP.indexOf(word) >= 0) {
        flush();
      } else if (HAN.test(word)) {
        run.push(word);
      } else if (run.length === 1 && run[0].length === 1 && lower.indexOf(run[0] + word) >= 0) {
        out.push(run[0] + word); // a lone Chinese character written against a Latin word: 非transformer
        run = [];
      } else {
        flush();
        if (word.length > 1) out.push(word);
      }
    });
    flush();
    return out.filter(function (u, i) { return out.indexOf(u) === i; });
  }

  function unitWeight(unit) {
    return HAN.test(unit) ? unit.length : 2;
  }

  function regions(page) {
    var raw = page.raw_content || page.content || "";
    var zws = raw.indexOf("\u200b") >= 0;
    var tokens = zws ? raw.split("\u200b") : raw.split(/[\r\n\s]+/);
    var joiner = zws ? "" : " ";
    var anchors = (page.anchors || []).filter(function (a) {
      return /^h[1-6]$/i.test(a.element) && a.text && /\S/.test(a.text);
    }).sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length || anchors[0].location > 0) anchors.unshift({ element: "h1", id: "", text: "", location: 0 });
    return anchors.map(function (a, i) {
      var end = i + 1 < anchors.length ? anchors[i + 1].location : tokens.length;
      return {
        anchor: a,
        title: a.text.replace(/\u200b/g, ""),
        text: tokens.slice(a.location, end).join(joiner).replace(/\s+/g, " ").trim()
      };
    });
  }

  function coverage(text, found) {
    var lower = text.toLowerCase();
    var score = 0;
    found.forEach(function (unit) {
      var at = lower.indexOf(unit), count = 0;
      while (at >= 0 && count < 5) { count += 1; at = lower.indexOf(unit, at + unit.length); }
      if (count) score += unitWeight(unit) * (1 + 0.1 * (count - 1));
    });
    return score;
  }

  function describe(page, query, language) {
    var found = units(query, language);
    var parts = regions(page);
    var body = parts.filter(function (r) {
      return r.anchor.id === ANSWER || (/^h[2-6]$/i.test(r.anchor.element) && r.anchor.id !== TERMS);
    });
    body.forEach(function (r) { r.score = coverage(r.text, found) + 2 * coverage(r.title, found); });
    var ranked = body.filter(function (r) { return r.score > 0; })
      .sort(function (a, b) { return b.score - a.score; });
    var best = ranked[0];
    var terms = parts.filter(function (r) { return r.anchor.id === TERMS; })[0];
    var base = page.url.split("#")[0];
    var atTop = !best || best.anchor.id === ANSWER;
    var link = function (r) { return base + "#" + encodeURIComponent(r.anchor.id); };
    return {
      url: atTop ? base : link(best),
      title: (page.meta && page.meta.title) || "",
      topic: (page.meta && page.meta.topic) || "",
      section: atTop ? "" : best.title,
      excerpt: best ? excerpt(best.text.slice(best.anchor.id === ANSWER ? 1 : best.title.length).trim(), found)
        : { text: (page.meta && page.meta.summary) || "", marks: [] },
      // found by a keyword or a term the answer does not use: say which
      terms: best || !terms ? [] : found.filter(function (u) { return terms.text.toLowerCase().indexOf(u) >= 0; }),
      sections: ranked.filter(function (r) { return r !== best && r.anchor.id !== ANSWER; })
        .slice(0, MAX_SECTIONS).map(function (r) { return { url: link(r), title: r.title }; })
    };
  }

  // the densest window of ``text`` for the units found, as text with the ranges to mark
  function excerpt(text, found) {
    var size = HAN.test(text) ? EXCERPT.han : EXCERPT.latin;
    var lower = text.toLowerCase();
    var hits = [];
    found.forEach(function (unit) {
      for (var at = lower.indexOf(unit); at >= 0; at = lower.indexOf(unit, at + unit.length)) {
        hits.push({ start: at, end: at + unit.length, unit: unit });
      }
    });
    hits.sort(function (a, b) { return a.start - b.start; });
    var start = 0, bestCount = -1;
    hits.forEach(function (h) {
      var inside = {};
      hits.forEach(function (o) { if (o.start >= h.start && o.end <= h.start + size) inside[o.unit] = true; });
      var count = Object.keys(inside).length;
      if (count > bestCount) { bestCount = count; start = h.start; }
    });
    start = Math.max(0, start - Math.round(size / 6));
    var end = Math.min(text.length, start + size);
    // never cut a Latin word in two: widen to its edges (a little), or narrow past it
    var word = /[A-Za-z0-9_\-]/;
    var inWord = function (at) {
      return at > 0 && at < text.length && word.test(text.charAt(at - 1)) && word.test(text.charAt(at));
    };
    for (var back = 0; inWord(start) && back < 16; back += 1) start -= 1;
    while (inWord(start)) start += 1;
    for (var ahead = 0; inWord(end) && ahead < 16; ahead += 1) end += 1;
    while (inWord(end)) end -= 1;
    return {
      text: (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""),
      marks: hits.filter(function (h) { return h.start >= start && h.end <= end; }).map(function (h) {
        var shift = start > 0 ? 1 - start : -start;
        return { start: h.start + shift, end: h.end + shift };
      })
    };
  }

  var api = {
    search: search, describe: describe, excerpt: excerpt, units: units, spaced: spaced, queryWords: queryWords,
    MAX_RESULTS: MAX_RESULTS
  };
  root.qaSearchQuery = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);

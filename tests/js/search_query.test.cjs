// Unit tests of overrides/assets/javascripts/search-query.js, run by Node's test runner (tests/test_search_js.py).
// A small fake of Pagefind's API stands in for the index: it matches like the real one (every word of the
// query, each a prefix of a word of the page, Chinese one character per word).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const q = require(path.join(__dirname, "..", "..", "overrides", "assets", "javascripts", "search-query.js"));

const HAN = /[\u3400-\u9fff]/;

// a page as Pagefind's data() gives it: text split into words with U+200B, headings as anchors
function page(url, title, sections, extra = {}) {
  const words = [];
  const anchors = [];
  const addText = (text) => {
    for (const piece of text.match(/[\u3400-\u9fff]|[^\s\u3400-\u9fff]+/g) || []) words.push(piece);
  };
  anchors.push({ element: "h1", id: "q", text: title, location: 0 });
  addText(title);
  for (const [element, id, heading, text] of sections) {
    anchors.push({ element, id, text: heading, location: words.length });
    addText(heading);
    addText(text);
  }
  const raw = words.join("\u200b");
  return {
    url, anchors, raw_content: raw, content: raw.replace(/\u200b/g, ""),
    meta: { title, topic: extra.topic || "话题", summary: extra.summary || "" },
  };
}

// ``nearest``: what Pagefind answers a word it does not hold with ({smapling: "sm"}: the nearest word it has)
function fakePagefind(pages, nearest = {}) {
  const tokens = pages.map((p) => p.raw_content.toLowerCase().split("\u200b"));
  return {
    search(query) {
      if (query !== null && !/"/.test(query) && nearest[query.toLowerCase()]) query = nearest[query.toLowerCase()];
      const ids = pages.map((_, i) => i);
      if (query === null) return Promise.resolve({ results: ids.map((i) => result(i, 1)) });
      const exact = /^\s*".+"\s*$/.test(query);
      const terms = query.toLowerCase().replace(/"/g, "").split(/\s+/).filter(Boolean);
      const found = [];
      if (exact) {  // the words in a row
        for (const i of ids) {
          const w = tokens[i];
          let n = 0;
          for (let k = 0; k + terms.length <= w.length; k++) {
            if (terms.every((t, j) => w[k + j].startsWith(t))) n++;
          }
          if (n) found.push(result(i, n));
        }
        return Promise.resolve({ results: found.sort((a, b) => b.score - a.score) });
      }
      for (const i of ids) {
        let score = 0;
        const all = terms.every((t) => {
          const n = tokens[i].filter((w) => w.startsWith(t)).length;
          score += n;
          return n > 0;
        });
        if (all) found.push(result(i, score));
      }
      found.sort((a, b) => b.score - a.score);
      return Promise.resolve({ results: found });
    },
  };
  function result(i, score) {
    return { id: String(i), score, data: () => Promise.resolve(pages[i]) };
  }
}

const BOOK = [
  page("/arch/norm/", "Layer Normalization 放在哪里？", [
    ["h6", "qa-terms", "相关术语", "层归一化 LayerNorm"],
    ["h6", "qa-answer", "¶", "LLaMA 使用前标准化结构，GPT-3 使用后标准化结构。"],
  ], { summary: "LLaMA 使用前标准化结构。" }),
  page("/gpu/", "GPU 优化技术", [
    ["h6", "qa-answer", "¶", "在表示层做了深入优化，实现了一致的化简，归属于硬件。"],
  ]),
  page("/cold-start/", "冷启动数据是什么？", [
    ["h6", "qa-answer", "¶", "冷启动数据让训练更稳定。"],
    ["h2", "冷启动数据的作用", "冷启动数据的作用", "提升推理质量。"],
    ["h2", "冷启动数据的构建", "冷启动数据的构建", "使用少样本提示构建长思维链示例。"],
  ]),
  page("/rope/", "旋转位置编码的作用", [
    ["h6", "qa-answer", "¶", "RoPE 对 query 和 key 做旋转，使注意力的内积带有相对位置信息。"],
  ]),
];

test("a query's Chinese characters are spaced like the index, Latin words are left whole", () => {
  assert.equal(q.spaced("KV缓存"), "KV缓 存");
  assert.equal(q.spaced("旋转位置编码"), "旋 转 位 置 编 码");
  assert.equal(q.spaced("rotary position"), "rotary position");
});

test("question words are not searched for; Chinese words between them stay together", () => {
  const units = q.units("MLA 对 query 也做低秩压缩吗", "zh");
  assert.deepEqual(units.slice(0, 3), ["mla", "query", "低秩压缩"]);
  assert.ok(!units.includes("吗") && !units.includes("对"));
  assert.deepEqual(q.units("how to connect a vision encoder", "en"), ["connect", "vision", "encoder"]);
});

test("an excerpt is the densest window of the text, with the query's words marked", () => {
  const text = "开头的句子。".repeat(20) + "这里讲冷启动数据的构建方法。" + "结尾。".repeat(30);
  const e = q.excerpt(text, ["冷启动", "构建"]);
  assert.ok(e.text.startsWith("…") && e.text.endsWith("…"));
  const marked = e.marks.map((m) => e.text.slice(m.start, m.end));
  assert.deepEqual(marked, ["冷启动", "构建"]);
  assert.ok(e.text.length <= 72 + 2);
});

test("a result opens at the sub-heading that holds the query's words", async () => {
  const found = await q.search(fakePagefind(BOOK), "冷启动数据怎么构建", "zh");
  const first = found.results[0];
  assert.equal(first.url, "/cold-start/#" + encodeURIComponent("冷启动数据的构建"));
  assert.equal(first.section, "冷启动数据的构建");
  const marked = first.excerpt.marks.map((m) => first.excerpt.text.slice(m.start, m.end));
  assert.ok(marked.includes("构建"), marked);
});

test("a match in the answer's opening opens the page at its top", async () => {
  const found = await q.search(fakePagefind(BOOK), "相对位置", "zh");
  assert.equal(found.results[0].url, "/rope/");
  assert.equal(found.results[0].section, "");
});

test("characters scattered over a page do not make it a result when another page has the word", async () => {
  // /gpu/ has 层, 归, 一 and 化 far apart; only /arch/norm/ has 层归一化 (as a keyword)
  const found = await q.search(fakePagefind(BOOK), "层归一化", "zh");
  assert.deepEqual(found.results.map((r) => r.url), ["/arch/norm/"]);
  assert.equal(found.total, 1);
  // found by its keyword only: the answer's opening words are shown, and the keyword that matched
  assert.equal(found.results[0].excerpt.text, "LLaMA 使用前标准化结构。");
  assert.deepEqual(found.results[0].terms, ["层归一化"]);
});

test("a word the book does not have relaxes the search to the answers with most of the words", async () => {
  const found = await q.search(fakePagefind(BOOK), "旋转位置编吗", "zh");
  assert.equal(found.partial, true);
  assert.equal(found.results[0].url, "/rope/");
});

test("a misspelt Latin word is tried again as its first half", async () => {
  const found = await q.search(fakePagefind(BOOK), "rotary querry", "en");
  assert.equal(found.results[0].url, "/rope/");
});

test("a typo answered with the nearest word never outweighs a word spelled right, however rare", async () => {
  // Pagefind answers "smapling" with pages holding "SM"; here ten of them, against one page with "rejection"
  const pages = [page("/rs/", "Rejection sampling", [["h6", "qa-answer", "¶", "rejection sampling and SFT"]])];
  for (let i = 0; i < 10; i++) {
    pages.push(page(`/gpu-${i}/`, "GPU", [["h6", "qa-answer", "¶", "streaming multiprocessor SM"]]));
    pages.push(page(`/other-${i}/`, "Other", [["h6", "qa-answer", "¶", "rejection of nothing here at all"]]));
  }
  const found = await q.search(fakePagefind(pages, { smapling: "sm" }), "rejection smapling", "en");
  assert.equal(found.results[0].url, "/rs/");
  assert.ok(!found.results.slice(0, 5).some((r) => r.url.startsWith("/gpu-")), found.results.map((r) => r.url));
});

test("words searched once are not searched again, by the next keystroke or the next query", async () => {
  const fake = fakePagefind(BOOK);
  const asked = [];
  const counting = { search(query) { asked.push(query); return fake.search(query); } };
  const first = await q.search(counting, "旋转位置编码", "zh");
  const before = asked.length;
  const again = await q.search(counting, "旋转位置编码", "zh");
  assert.equal(asked.length, before, asked);
  assert.deepEqual(again.results.map((r) => r.url), first.results.map((r) => r.url));
  await q.search(counting, "旋转位置编码如何表达相对位置", "zh");
  assert.equal(new Set(asked).size, asked.length, asked); // its phrases were asked once, for both queries
});

test("the words that frame a comparison (区别, 不同) never outrank the things compared", async () => {
  const pages = [
    page("/grpo/", "介绍一下GRPO算法", [["h6", "qa-answer", "¶", "GRPO 不使用价值模型，PPO 使用价值模型估计基线。"]]),
    page("/a/", "编码器和解码器的区别", [["h6", "qa-answer", "¶", "两者的区别在于注意力掩码。"]]),
    page("/b/", "前缀语言模型和因果语言模型的区别", [["h6", "qa-answer", "¶", "区别在于可见范围。"]]),
  ];
  const found = await q.search(fakePagefind(pages), "GRPO和PPO有什么区别", "zh");
  assert.equal(found.results[0].url, "/grpo/", found.results.map((r) => r.url));
});

test("nothing found is an empty list, not an error", async () => {
  const found = await q.search(fakePagefind(BOOK), "zzqx", "zh");
  assert.deepEqual(found.results, []);
  assert.equal(found.total, 0);
});

test("an excerpt never cuts a Latin word in two", () => {
  const text = "相比较".repeat(10) + "DeepSeek-R1-Zero，冷启动数据有以下主要优势：可读性。" + "后文".repeat(40);
  for (const found of [["冷启动数据"], ["优势"], ["后文"]]) {
    const e = q.excerpt(text, found);
    const body = e.text.replace(/^…|…$/g, "");
    assert.ok(!/^(eepSeek|eek|ek|Seek|R1-Zero|-R1|1-Zero|Zero)/.test(body), body);
    assert.ok(!/(DeepSee|DeepS|Dee|De)$/.test(body), body);
  }
});

test("an answer with the query's words as written ranks above one with its characters scattered", async () => {
  // more pages with the characters scattered (and scored higher by character matching) than the first batch
  const pages = Array.from({ length: 12 }, (_, i) => page(`/scattered-${i}/`, "语言模型的训练", [["h6", "qa-answer", "¶",
    "因为模型很大，结果是语言模型需要更多的因素，模型型号也多，语言、语言、语言。"]]));
  pages.push(page("/causal/", "前缀和因果", [["h6", "qa-answer", "¶", "因果语言模型按顺序生成文本。"]]));
  const found = await q.search(fakePagefind(pages), "因果语言模型", "zh");
  assert.equal(found.results[0].url, "/causal/");
});

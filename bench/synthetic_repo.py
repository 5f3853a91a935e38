"""A synthetic interview-notes repository, shaped like the ones this generator is for, for measurements.

About 200 documents in nested folders (top-level folders with Chinese and Latin names, sub-folders, folder
READMEs that list their documents in an order of their own, some that do not), ≥ 3,000 questions with
``$…$`` and ``$$…$$`` formulas, lists, code, figures (small original SVG drawings made here), links inside a
document and to other documents, a few outline documents whose TOC lists questions not written yet, a
remote image, an empty document. Deterministic (a fixed random seed): the same repository every time.

Run: .venv/bin/python bench/synthetic_repo.py FOLDER   (prints documents and questions)
"""

from __future__ import annotations

import os
import random
import sys

FOLDERS = [  # (folder, its README lists its documents?, sub-folders)
    ("01_大模型基础", True, ["经典模型", "注意力机制", "位置编码"]),
    ("02-Transformer", False, ["encoder", "decoder"]),
    ("03_多模态", True, ["视觉编码器", "图文对齐", "生成模型"]),
    ("04_训练与微调", True, ["预训练", "SFT", "RLHF与对齐"]),
    ("05_推理与部署", False, ["量化", "KV缓存", "服务框架"]),
    ("06_Agent", True, ["工具调用", "规划"]),
    ("07_RAG检索增强", True, ["检索", "重排"]),
    ("08_评估与安全", False, ["评测", "安全"]),
]
TERMS = ["注意力", "多头注意力", "KV 缓存", "旋转位置编码", "层归一化", "残差连接", "前馈网络", "混合专家", "量化",
         "知识蒸馏", "对比学习", "指令微调", "奖励模型", "偏好优化", "检索增强", "向量数据库", "思维链", "工具调用",
         "长上下文", "稀疏注意力", "低秩适配", "梯度累积", "混合精度", "张量并行", "流水线并行", "束搜索", "温度采样",
         "视觉编码器", "图文对齐", "扩散模型", "分词器", "词表", "幻觉", "困惑度", "强化学习", "提示工程"]
LATIN = ["LoRA", "GQA", "MLA", "RoPE", "FlashAttention", "vLLM", "PPO", "DPO", "GRPO", "CLIP", "BLIP-2", "ViT", "MoE",
         "SwiGLU", "RMSNorm", "BPE", "RAG", "ReAct", "INT8", "AWQ", "GPTQ", "ZeRO", "DeepSpeed", "Megatron"]
ASKS = ["什么是{t}？", "为什么需要{t}？", "{t}和{u}有什么区别？", "请介绍一下{l}的原理。", "{l}如何降低显存占用？",
        "{t}的优缺点是什么？", "谈谈你对{t}的理解", "{l}与{u}相比有哪些改进？", "如何在实践中使用{t}？",
        "{l}中的{t}是怎么实现的？", "面试中如何解释{t}？", "{t}会带来哪些问题，怎么解决？"]
FORMULAS = [r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", r"\mathcal{L} = -\sum_{t} \log p_\theta(x_t \mid x_{<t})",
            r"W = W_0 + BA,\quad B \in \mathbb{R}^{d\times r}", r"\mathrm{RMSNorm}(x) = \frac{x}{\sqrt{\frac{1}{d}\sum_i x_i^2+\epsilon}}\odot g",
            r"r_t(\theta) = \frac{\pi_\theta(a_t\mid s_t)}{\pi_{\theta_\text{old}}(a_t\mid s_t)}", r"\mathrm{PPL} = \exp\Big(-\frac{1}{N}\sum_i \log p(x_i)\Big)",
            r"\hat{A}_t = \sum_{l=0}^{\infty} (\gamma\lambda)^l \delta_{t+l}", r"f(x) = \max(0, xW_1 + b_1)W_2 + b_2"]
INLINE = [r"d_k", r"O(n^2)", r"\theta", r"r \ll d", r"\alpha", r"x_t", r"\mathbb{E}[X]", r"W_Q", r"k=8", r"\beta=0.1"]


def _svg(title: str, rng: random.Random) -> str:
    """A small original drawing: boxes joined by arrows, labelled with the figure's terms."""
    boxes = rng.sample(TERMS, 3)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 880 220" width="880" height="220">',
             f"<title>{title}</title>", '<rect width="880" height="220" fill="#fff"/>']
    for i, label in enumerate(boxes):
        x = 40 + i * 290
        parts.append(f'<rect x="{x}" y="70" width="220" height="80" rx="10" fill="#e8eaf6" stroke="#3f51b5" stroke-width="3"/>')
        parts.append(f'<text x="{x + 110}" y="118" font-size="22" text-anchor="middle" fill="#1a237e">{label}</text>')
        if i:
            parts.append(f'<path d="M{x - 70} 110 H{x - 8}" stroke="#3f51b5" stroke-width="4" marker-end="url(#a)"/>')
    parts.insert(3, '<defs><marker id="a" markerWidth="8" markerHeight="8" refX="6" refY="4" orient="auto">'
                    '<path d="M0 0 L8 4 L0 8z" fill="#3f51b5"/></marker></defs>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _question(rng: random.Random, used: set[str]) -> str:
    while True:
        t, u = rng.sample(TERMS, 2)
        title = rng.choice(ASKS).format(t=t, u=u, l=rng.choice(LATIN))
        if title not in used:
            used.add(title)
            return title


def _tex(rng: random.Random, choices: list[str]) -> str:
    """A formula of the repository: most are written once (a real repository has thousands of distinct ones)."""
    tex = rng.choice(choices)
    if rng.random() < 0.8:
        tex += f" + {rng.choice('abcxyzw')}_{{{rng.randint(1, 99)}}}^{{{rng.randint(2, 9)}}}"
    return tex


def _answer(rng: random.Random, doc: str, figures: list[str], links: list[str], remote: bool) -> list[str]:
    t1, t2, t3 = rng.sample(TERMS, 3)
    out = [f"{t1}的核心思想是把问题拆成更小的部分：先计算 ${_tex(rng, INLINE)}$，再与{t2}结合。"
           f"在 {rng.choice(LATIN)} 中，这一步的复杂度是 ${rng.choice(INLINE)}$，因此需要{t3}来控制开销。", ""]
    if rng.random() < 0.7:
        out += ["$$", _tex(rng, FORMULAS), "$$", ""]
    out += [f"1. {t2}：减少冗余计算，显存占用随序列长度线性增长；",
            f"2. {t3}：训练更稳定，但推理时需要额外的 ${_tex(rng, INLINE)}$ 开销；",
            f"3. 与 {rng.choice(LATIN)} 配合时，要注意数值精度。", ""]
    if rng.random() < 0.25:
        out += ["```python", "def step(x, w):", "    # 一个示意性的实现", "    return (x @ w).softmax(-1)", "```", ""]
    if figures and rng.random() < 0.15:
        name = rng.choice(figures)
        out += [f"![{t1}的示意图](imgs/{name})", ""]
    if remote:
        out += ["![外部图片](https://github.com/user-attachments/assets/0f0e7c1a-example.png)", ""]
    if links and rng.random() < 0.2:
        out += [f"相关内容见[另一篇笔记]({rng.choice(links)})。", ""]
    out += [f"总结：面试时先讲{t1}解决什么问题，再讲它的代价，最后举 {rng.choice(LATIN)} 的例子。", ""]
    return out


def _document(title: str, rng: random.Random, topics: int, per_topic: int, figures: list[str], links: list[str],
              outline: int = 0, remote_every: int = 0) -> tuple[str, int]:
    """A document of the family: ``# 标题``, a 目录 of anchor links, ``<h2 id>`` topics, ``<h3 id>`` questions.
    ``outline``: questions the TOC lists in a last topic that are not written yet."""
    toc, body, used, count, topics_seen = ["## 目录", ""], [], set(), 0, set()
    for t in range(1, topics + 1):
        name = f"{rng.choice(TERMS)}与{rng.choice(LATIN)}"
        while name in topics_seen:  # two topics of one name in a document: not this family's habit
            name = f"{rng.choice(TERMS)}与{rng.choice(LATIN)}"
        topics_seen.add(name)
        topic = f"{t}.{name}"
        toc.append(f"- [{topic}](#{topic})")
        body += [f"<h2 id='{topic}'>{topic}</h2>", ""]
        for q in range(1, per_topic + 1):
            question = f"{q}.{_question(rng, used)}"
            toc.append(f"    - [{question}](#{question})")
            body += [f"<h3 id='{question}'>{question}</h3>", ""]
            body += _answer(rng, title, figures, links, bool(remote_every) and count % remote_every == 0)
            count += 1
    if outline:
        topic = f"{topics + 1}.待补充"
        toc.append(f"- [{topic}](#{topic})")
        body += [f"<h2 id='{topic}'>{topic}</h2>", "", "本节的问题还在整理中。", ""]
        for q in range(1, outline + 1):
            toc.append(f"    - [{q}.{_question(rng, used)}](#{q}.未写-{q})")
    return "\n".join([f"# {title}", ""] + toc + [""] + body), count


def make_repo(folder: str, seed: int = 15) -> dict:
    """Write the repository into ``folder``; returns its counts."""
    rng = random.Random(seed)
    documents = questions = 0
    readme = ["# 算法工程师面试笔记", "", "按主题整理的大模型面试题，每个文件夹是一章。", ""]
    order = FOLDERS[:]
    rng.shuffle(order)  # the root README lists the chapters in an order of its own
    for name, _, _ in order[:6]:
        readme.append(f"- [{name.split('_', 1)[-1].split('-', 1)[-1]}]({name}/)")
    _write(folder, "README.md", "\n".join(readme) + "\n")
    for index, (name, listed, subs) in enumerate(FOLDERS):
        top = os.path.join(folder, name)
        lines = [f"# {name.split('_', 1)[-1]}高频考点", "", "本章的文档按下面的顺序阅读：", ""]
        for s_index, sub in enumerate(subs):
            sub_dir = os.path.join(top, sub)
            figures = [f"fig-{k}.svg" for k in range(3)]
            for fig in figures:
                _write(sub_dir, f"imgs/{fig}", _svg(f"{sub} {fig}", rng))
            docs = rng.randint(8, 11)
            names = [f"{k + 1:02d}-{rng.choice(TERMS).replace(' ', '')}{rng.choice(['基础', '进阶', '面试题', '详解'])}"
                     if k % 3 else f"{k + 1:02d}-{rng.choice(LATIN)}-notes" for k in range(docs)]
            names = list(dict.fromkeys(names))
            sub_lines = [f"# {sub}", ""]
            for k, stem in enumerate(names):
                outline = 60 if (index, s_index, k) in {(0, 0, 1), (3, 2, 0), (5, 1, 2)} else 0
                links = [f"{other}.md" for other in names[:k]] + ["../README.md"]  # a document, the chapter
                text, count = _document(stem.split("-", 1)[1], rng, rng.randint(3, 4), rng.randint(4, 5), figures,
                                        links, outline,
                                        remote_every=40 if index == 2 else 0)
                _write(sub_dir, f"{stem}.md", text + "\n")
                documents += 1
                questions += count
                sub_lines.append(f"- [{stem.split('-', 1)[1]}]({stem}.md)")
            if listed:
                sub_lines = sub_lines[:2] + sub_lines[2:][::-1]  # listed newest first: not the file order
                _write(sub_dir, "README.md", "\n".join(sub_lines) + "\n")
            lines.append(f"- [{sub}]({sub}/README.md)" if listed else f"- {sub}")
        if index == 7:
            _write(top, "99-待写.md", "")  # an empty document
            documents += 1
        _write(top, "README.md", "\n".join(lines) + "\n")
    return {"documents": documents, "questions": questions}


def _write(folder: str, name: str, text: str) -> None:
    path = os.path.join(folder, *name.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} FOLDER")
    print(make_repo(sys.argv[1]))

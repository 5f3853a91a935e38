/* Copy-link buttons: one by the page title and one by each sub-heading of the answer.
 *
 * A tap copies the page's canonical URL (site_url + clean path, from <link rel="canonical">), plus
 * "#id" for a sub-heading (ids are short ASCII: a chat app keeps the link whole), and says so in a
 * polite live region. The buttons are always visible (phones have no hover) and are real <button>s,
 * so Tab and Enter/Space reach them. Texts come from the page (hooks/qa_site/texts.py), per language.
 */
(function () {
  "use strict";

  var config = document.getElementById("qa-share-config");
  var canonical = document.querySelector('link[rel="canonical"]');
  var article = document.querySelector("article.md-content__inner");
  if (!config || !article) return;
  var texts = JSON.parse(config.textContent);
  if (["question", "topic", "part"].indexOf(texts.kind) < 0) return;
  var base = (canonical ? canonical.href : location.href).split("#")[0];
  var ICON_LINK = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.3-3.3a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0M7.8 19.8a4 4 0 0 1-2.8-6.8l2.5-2.5a1 1 0 0 1 1.4 1.4l-2.5 2.5a2 2 0 0 0 2.8 2.8l2.5-2.5a1 1 0 1 1 1.4 1.4l-2.5 2.5a4 4 0 0 1-2.8 1.2m8.5-5.8a1 1 0 0 1-.7-1.7l2.5-2.5a2 2 0 0 0-2.8-2.8l-2.5 2.5a1 1 0 0 1-1.4-1.4l2.5-2.5a4 4 0 0 1 5.6 5.6L17 13.7a1 1 0 0 1-.7.3"/></svg>';
  var ICON_DONE = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/></svg>';

  function headingText(heading) {
    var clone = heading.cloneNode(true);
    clone.querySelectorAll(".headerlink, .qa-copy-link, .katex-mathml").forEach(function (el) { el.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function linkFor(heading, isTitle) {
    return isTitle ? base : base + "#" + encodeURIComponent(heading.id);
  }

  var status = document.createElement("div");
  status.className = "qa-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);
  var hideTimer = 0;

  function announce(message, url) {
    status.textContent = "";
    var text = document.createElement("span");
    text.textContent = message;
    status.appendChild(text);
    if (url) {
      var field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.value = url;
      field.setAttribute("aria-label", texts.copy_link);
      status.appendChild(field);
      field.focus();
      field.select();
    }
    status.classList.add("qa-copy-status--shown");
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { status.classList.remove("qa-copy-status--shown"); }, url ? 8000 : 2200);
  }

  function copyByHand(text) {
    // where the async clipboard is missing (a page served over plain http) the old way still works
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  function copy(url, button) {
    function done() {
      button.classList.add("qa-copy-link--done");
      button.innerHTML = ICON_DONE;
      announce(texts.link_copied);
      setTimeout(function () {
        button.classList.remove("qa-copy-link--done");
        button.innerHTML = ICON_LINK;
      }, 2200);
    }
    function failed() {
      if (copyByHand(url)) done(); else announce(texts.copy_failed, url);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, failed);
    } else {
      failed();
    }
  }

  function addButton(heading, isTitle) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "qa-copy-link" + (isTitle ? " qa-copy-link--title" : "");
    var label = isTitle ? texts.copy_link : texts.copy_link_to.replace("{title}", headingText(heading));
    button.setAttribute("aria-label", label);
    button.title = texts.copy_link;
    button.innerHTML = ICON_LINK;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      copy(linkFor(heading, isTitle), button);
    });
    var permalink = heading.querySelector(".headerlink");
    heading.insertBefore(button, permalink);
  }

  var title = article.querySelector("h1");
  if (title) addButton(title, true);
  article.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id]").forEach(function (h) {
    if (!h.closest(".admonition, details")) addButton(h, false);
  });
})();

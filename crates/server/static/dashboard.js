// rasd dashboard enhancements (pages work without this file): styled hover tips for dates and
// highlights, cross-highlighting of an entity's mentions, and a layout self-check for browser tests.
(function () {
  "use strict";

  // A styled tooltip for elements with a title (dates: Gregorian and Hijri; highlights: type or name).
  var tip = null;
  function showTip(el, x, y) {
    var text = el.getAttribute("data-tip");
    if (!text) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "tip";
      document.body.appendChild(tip);
    }
    tip.textContent = text;
    tip.style.top = (y + 16) + "px";
    tip.style.left = Math.max(4, x - tip.offsetWidth / 2) + "px";
    tip.hidden = false;
  }
  document.querySelectorAll("time[title], mark.ev[title], a.ent[title]").forEach(function (el) {
    el.setAttribute("data-tip", el.getAttribute("title"));
    el.addEventListener("mouseenter", function (e) {
      el.removeAttribute("title");
      showTip(el, e.clientX, e.clientY);
    });
    el.addEventListener("mouseleave", function () {
      el.setAttribute("title", el.getAttribute("data-tip"));
      if (tip) tip.hidden = true;
    });
  });

  // Hovering an entity mention highlights all mentions of the same entity.
  document.querySelectorAll("a.ent[data-entity]").forEach(function (el) {
    var id = el.getAttribute("data-entity");
    function toggle(on) {
      document.querySelectorAll("a.ent[data-entity]").forEach(function (o) {
        if (o.getAttribute("data-entity") === id) o.classList.toggle("hl", on);
      });
    }
    el.addEventListener("mouseenter", function () { toggle(true); });
    el.addEventListener("mouseleave", function () { toggle(false); });
  });

  // Layout self-check, read by the browser tests from the dumped DOM (<body data-check="{...}">):
  // the computed direction, whether the heading's first letter sits at the right edge (RTL start),
  // and where the first evidence highlight is drawn.
  function rect(r) {
    return { x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height) };
  }
  var check = { direction: getComputedStyle(document.body).direction, viewport: window.innerWidth };
  var h1 = document.querySelector("main h1");
  if (h1) {
    var walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
    var node = walker.nextNode();
    while (node && !node.data.trim()) node = walker.nextNode();
    if (node) {
      var i = node.data.search(/\S/);
      var range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      var first = range.getBoundingClientRect();
      var box = h1.getBoundingClientRect();
      check.h1_first_char = rect(first);
      check.h1_box = rect(box);
      // In RTL the first letter is at the right end of the heading's first line.
      check.rtl_start = first.right > box.left + box.width / 2;
    }
  }
  var mark = document.querySelector("mark.evidence-mark, mark.ev");
  if (mark) {
    var m = mark.getBoundingClientRect();
    check.mark = rect(m);
    check.mark_text = mark.textContent;
    check.mark_visible = m.width > 0 && m.height > 0 && m.left >= 0 && m.right <= window.innerWidth + 1;
    var bg = getComputedStyle(mark).backgroundColor;
    check.mark_background = bg;
  }
  check.marks = document.querySelectorAll("mark.evidence-mark").length;
  document.body.setAttribute("data-check", JSON.stringify(check));
})();

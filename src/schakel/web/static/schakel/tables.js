// Tables too wide for the screen scroll inside their box (schakel.css). This script makes such a
// box reachable by keyboard (tabindex, a named region) and writes above it which columns are out
// of sight, so "Status" and "Termijn" never hide without a word. Texts come from data attributes
// on <body> (translated by the template); without JavaScript the box still scrolls.
(function () {
  "use strict";
  var BOXES = ".schakel-table-wrap, .utrecht-table-container";
  var body = document.body;
  var hintText = body.getAttribute("data-scroll-hint") || "";
  var moreText = body.getAttribute("data-scroll-hint-columns") || "";
  var tableText = body.getAttribute("data-scroll-table") || "";

  function hiddenColumns(box) {
    var limit = box.getBoundingClientRect().right;
    var names = [];
    box.querySelectorAll("thead th").forEach(function (th) {
      var text = th.textContent.trim();
      if (text && th.getBoundingClientRect().left >= limit - 8) names.push(text);
    });
    return names;
  }

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    var hint = box.previousElementSibling;
    if (!hint || !hint.classList.contains("schakel-scroll-hint")) hint = null;
    if (!scrolls) {
      if (box.dataset.scrollManaged) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollManaged;
      }
      if (hint) hint.remove();
      return;
    }
    if (!box.hasAttribute("tabindex")) {
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : tableText);
      box.dataset.scrollManaged = "1";
    }
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "schakel-scroll-hint";
      box.parentNode.insertBefore(hint, box);
    }
    var names = hiddenColumns(box);
    var text = hintText + (names.length && moreText ? " " + moreText.replace("%s", names.join(", ")) : "");
    if (hint.textContent !== text) hint.textContent = text;
  }

  function updateAll() {
    document.querySelectorAll(BOXES).forEach(update);
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; updateAll(); });
  }

  updateAll();
  window.addEventListener("resize", later);
  document.addEventListener("scroll", function (event) {
    if (event.target.matches && event.target.matches(BOXES)) later();
  }, true);
  document.body.addEventListener("htmx:afterSettle", later);
})();

(function () {
  "use strict";
  // Open the journey and step a link points at (first screen, filmstrip, heatmap, fix-first),
  // keyboard or mouse: every folded section around the target opens too.
  function openTarget(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target.tagName !== "DETAILS") { return; }
    var summary = target.querySelector("summary");
    if (summary) {
      summary.focus({ preventScroll: true });
      target.scrollIntoView();
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { openTarget(decodeURIComponent(link.getAttribute("href").slice(1))); }
  });
  window.addEventListener("hashchange", function () {
    openTarget(decodeURIComponent(location.hash.slice(1)));
  });
  openTarget(decodeURIComponent(location.hash.slice(1)));
  // Printing shows every step, then puts the page back as the reader left it.
  var closed = [];
  // A board pack (report.pdf) is the summary: it keeps the steps folded.
  window.addEventListener("beforeprint", function () {
    if (document.documentElement.hasAttribute("data-board-pack")) { return; }
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();

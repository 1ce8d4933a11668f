(function () {
  "use strict";
  // Open the step detail a link points at (filmstrip, heatmap, fix-first), keyboard or mouse.
  function openTarget(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target || target.tagName !== "DETAILS") { return; }
    target.open = true;
    var summary = target.querySelector("summary");
    if (summary) { summary.focus({ preventScroll: true }); }
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
  window.addEventListener("beforeprint", function () {
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

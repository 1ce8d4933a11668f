// Acme Outfitters, flawed variant: scripts written in a hurry. Each planted defect is listed in
// defects.yaml. Every page's script runs on its own, so one failure does not hide another.
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");

  // A "button" made of a div: it answers mouse clicks only.
  document.querySelectorAll("[data-submit-form]").forEach(function (fake) {
    fake.addEventListener("click", function () { fake.closest("form").submit(); });
  });

  if (page === "basket") {
    // The promo-code box was removed from the page, but not from the script: TypeError.
    document.addEventListener("DOMContentLoaded", function () {
      document.getElementById("promo-code").addEventListener("input", function () {});
    });
  }

  if (page === "review") {
    // The extra "review" page submits itself after a pause, one more page for nothing.
    var form = document.querySelector("[data-auto-continue]");
    if (form) {
      setTimeout(function () { form.submit(); }, Number(form.getAttribute("data-auto-continue")));
    }
  }
})();

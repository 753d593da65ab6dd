// The scan field: a USB scanner types the code and Enter. After each answer the field is emptied and focused
// again, so the next book can be scanned without touching the mouse.
(function () {
  "use strict";
  function field() { return document.querySelector("[data-scan-field]"); }
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-scan-form]");
    const input = field();
    if (!input) { return; }
    if (form) { input.value = ""; }
    input.focus();
  });
  document.addEventListener("DOMContentLoaded", function () {
    const input = field();
    if (input) { input.focus(); }
  });
})();

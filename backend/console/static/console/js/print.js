// The card page's print button (no inline handlers: the page's CSP allows only this file).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const button = document.querySelector("[data-print]");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
});

// Behaviour every page shares, kept out of the HTML so that a strict Content-Security-Policy can forbid inline scripts.
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

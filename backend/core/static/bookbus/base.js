// Behaviour shared by every server-rendered page. A file, not on…= attributes: the CSP runs no inline script.
// A <select data-autosubmit> sends its form as soon as it changes (the language switch in the header).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.dataset.autosubmit !== undefined && field.form) {
    field.form.requestSubmit();
  }
});

// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader users hear what went wrong.
  const summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
});

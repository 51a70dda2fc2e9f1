// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader users hear what went wrong.
  const summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
  // A field that only matters for some answers of another (data-hidden-when="other_field=value"):
  // hidden while the other field in the same form row has that value.
  document.querySelectorAll("[data-hidden-when]").forEach((field) => {
    const [other, value] = field.dataset.hiddenWhen.split("=");
    const control = field.form && field.form.elements.namedItem(field.name.replace(/[^-]*$/, other));
    const wrapper = field.closest(".kern-form-input") || field;
    if (!control) {
      return;
    }
    const update = () => {
      wrapper.hidden = control.value === value;
    };
    control.addEventListener("change", update);
    update();
  });
});

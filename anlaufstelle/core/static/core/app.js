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

  offerTheVisitorsLanguage();

  // The staff menu folds into its "Menu" button on a phone (it is open without JavaScript).
  const menu = document.querySelector("details[data-fold-on-phone]");
  const phone = window.matchMedia("(max-width: 48em)");
  if (menu) {
    menu.open = !phone.matches;
    // Wider again (a turned tablet): the button is hidden there, so the menu must be open.
    phone.addEventListener("change", () => {
      if (!phone.matches) {
        menu.open = true;
      }
    });
  }
});

// The same page in the language the browser asks for (public pages). Every offer is in the page,
// hidden; this reveals the best one, so the cached HTML is the same for every visitor. Choosing a
// language or saying "no, thanks" is remembered in localStorage (a cookie would bypass the cache).
const LANGUAGE_HINT_KEY = "anlaufstelle.languageHint";

function remember(value) {
  try {
    window.localStorage.setItem(LANGUAGE_HINT_KEY, value);
  } catch (error) {
    // Storage may be off (private mode): the offer then shows again next time.
  }
}

function remembered() {
  try {
    return window.localStorage.getItem(LANGUAGE_HINT_KEY);
  } catch (error) {
    return null;
  }
}

function offerTheVisitorsLanguage() {
  const hint = document.querySelector("[data-language-hint]");
  if (!hint) {
    return;
  }
  document.querySelectorAll(".language-switch a, [data-language-hint] a").forEach((link) => {
    link.addEventListener("click", () => remember("chosen"));
  });
  hint.addEventListener("click", (event) => {
    if (event.target.closest("[data-language-hint-dismiss]")) {
      remember("dismissed");
      hint.hidden = true;
      const main = document.getElementById("main");
      if (main) {
        main.focus();
      }
    }
  });
  if (remembered()) {
    return;
  }
  const current = (document.documentElement.lang || "").toLowerCase();
  const offers = new Map();
  hint.querySelectorAll("[data-language]").forEach((offer) => offers.set(offer.dataset.language, offer));
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const code = String(tag || "").toLowerCase().split("-")[0];
    if (code === current) {
      return; // the visitor prefers the page's own language to every other one we have
    }
    const offer = offers.get(code);
    if (offer) {
      offer.hidden = false;
      hint.hidden = false;
      return;
    }
  }
}

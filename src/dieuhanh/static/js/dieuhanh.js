// Small behaviours of the pages, kept out of the HTML: the Content-Security-Policy allows no inline script.
// Listeners sit on the document, so content that htmx swaps in behaves the same.
"use strict";

// <select data-autosubmit>: choosing an option submits its form (the language selector).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});

// <input data-select-on-click>: a click selects the whole value, ready to copy (the calendar address).
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-click")) {
    target.select();
  }
});

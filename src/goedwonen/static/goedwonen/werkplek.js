// The case page's actions open as modal dialogs (focus moves in, Escape closes, focus
// returns to the button). A form that came back with errors (data-gw-open) opens again.
// Enter in a picker's search field searches instead of submitting the form around it.
(function () {
  "use strict";
  function open(dialog) {
    if (!dialog || typeof dialog.showModal !== "function" || dialog.open) return;
    dialog.showModal();
  }
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-gw-dialog]");
    if (!opener) return;
    var dialog = document.getElementById(opener.getAttribute("data-gw-dialog"));
    if (dialog && typeof dialog.showModal === "function") {
      event.preventDefault();
      open(dialog);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-gw-zoek]")) {
      event.preventDefault();
      if (window.htmx) window.htmx.trigger(event.target, "search");
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    open(document.querySelector("dialog[data-gw-open]"));
  });
})();

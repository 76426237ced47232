// Tables wider than the screen scroll sideways in their container. A container that scrolls
// becomes a named keyboard stop (WCAG 2.1.1), so people without a mouse can scroll it too;
// one that fits stays out of the tab order.
(function () {
  "use strict";
  function label(container) {
    var caption = container.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return text ? "Tabel: " + text : "Tabel";
  }
  function mark() {
    document.querySelectorAll(".utrecht-table-container").forEach(function (container) {
      if (container.hasAttribute("tabindex") && !container.hasAttribute("data-gw-scroll")) return;
      if (container.scrollWidth > container.clientWidth + 1) {
        container.setAttribute("data-gw-scroll", "");
        container.setAttribute("tabindex", "0");
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", label(container));
      } else if (container.hasAttribute("data-gw-scroll")) {
        container.removeAttribute("data-gw-scroll");
        container.removeAttribute("tabindex");
        container.removeAttribute("role");
        container.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();

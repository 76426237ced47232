// Tables: on a narrow screen each row of a table with column headers becomes a card (app.css,
// below 48em), each cell labelled with its column's header. The labels are copied here from
// the header row into data-label, so templates need not repeat them; a table is turned into
// cards only once it is labelled, so without this script it stays a table that scrolls.
// The roles keep it a table for assistive technology whatever its display (some browsers
// drop a table's semantics when it is not displayed as one).
//
// Tables wider than the screen scroll sideways in their container. A container that scrolls
// becomes a named keyboard stop (WCAG 2.1.1), so people without a mouse can scroll it too;
// one that fits stays out of the tab order.
(function () {
  "use strict";
  function text(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".gw-visually-hidden, [aria-hidden='true']").forEach(function (hidden) {
      hidden.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function columnLabels(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return null;
    var labels = [];
    Array.prototype.forEach.call(head.rows[head.rows.length - 1].cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i++) labels.push(text(cell));
    });
    return labels;
  }
  function setRole(element, role) {
    if (!element.hasAttribute("role")) element.setAttribute("role", role);
  }
  function label(table) {
    if (table.classList.contains("gw-table--cards")) return;
    var labels = columnLabels(table);
    if (!labels) return;
    setRole(table, "table");
    Array.prototype.forEach.call(table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot"), function (group) {
      setRole(group, "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      setRole(row, "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (cell.tagName === "TH") {
          setRole(cell, row.parentElement === table.tHead ? "columnheader" : "rowheader");
        } else {
          setRole(cell, "cell");
        }
        // A cell across the whole row (a "nothing here" line) belongs to no one column.
        var whole = cell.colSpan >= labels.length && labels.length > 1;
        if (row.parentElement !== table.tHead && !whole && labels[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", labels[column]);
        }
        column += cell.colSpan;
      });
    });
    table.classList.add("gw-table--cards");
  }
  function name(container) {
    var caption = container.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return text ? "Tabel: " + text : "Tabel";
  }
  function mark() {
    document.querySelectorAll("table.utrecht-table").forEach(label);
    document.querySelectorAll(".utrecht-table-container").forEach(function (container) {
      if (container.hasAttribute("tabindex") && !container.hasAttribute("data-gw-scroll")) return;
      if (container.scrollWidth > container.clientWidth + 1) {
        container.setAttribute("data-gw-scroll", "");
        container.setAttribute("tabindex", "0");
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", name(container));
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

// The main menu folds behind a button on a narrow screen (app.css shows the button there).
// Without this script the button stays hidden and the whole menu shows, wrapped over lines.
(function () {
  "use strict";
  function setUp() {
    var nav = document.querySelector(".gw-nav");
    var button = nav && nav.querySelector(".gw-nav__button");
    if (!button) return;
    function open(yes) {
      button.setAttribute("aria-expanded", yes ? "true" : "false");
    }
    button.addEventListener("click", function () {
      open(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        open(false);
        button.focus();
      }
    });
    nav.classList.add("gw-nav--foldable");
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();

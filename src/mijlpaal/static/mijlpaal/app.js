// What every page does with JavaScript; each page works without it. No inline scripts or
// onclick attributes anywhere, so that a Content-Security-Policy without 'unsafe-inline' can be
// switched on.
(function () {
  "use strict";

  // Buttons marked data-print print the page.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-print]");
    if (button) window.print();
  });

  // The account menu (a <details>) closes on Escape and on a click elsewhere.
  function closeMenus(except) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("click", function (event) {
    var inside = event.target instanceof Element && event.target.closest("details.account-menu");
    closeMenus(inside);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.account-menu[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });

  // The plan's tabs scroll sideways in their own strip on a small screen: show the current tab,
  // and fade the edge that has more tabs behind it.
  function fadeEdges(strip) {
    var more = strip.scrollWidth - strip.clientWidth;
    strip.classList.toggle("more-before", strip.scrollLeft > 2);
    strip.classList.toggle("more-after", more - strip.scrollLeft > 2);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("nav.tabs").forEach(function (strip) {
      var current = strip.querySelector("[aria-current=page]");
      if (current && strip.scrollWidth > strip.clientWidth) {
        strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
      }
      fadeEdges(strip);
      strip.addEventListener("scroll", function () { fadeEdges(strip); }, {passive: true});
      window.addEventListener("resize", function () { fadeEdges(strip); });
    });
  });
})();

/* The sandbox web view: view tabs, and in the single file one page at a time. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  function select(list, tab) {
    var tabs = list.querySelectorAll('[role="tab"]');
    Array.prototype.forEach.call(tabs, function (other) {
      var panel = document.getElementById(other.getAttribute("aria-controls"));
      var on = other === tab;
      other.setAttribute("aria-selected", on ? "true" : "false");
      other.tabIndex = on ? 0 : -1;
      if (panel) { panel.hidden = !on; }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[role="tablist"]'), function (list) {
    var tabs = list.querySelectorAll('[role="tab"]');
    Array.prototype.forEach.call(tabs, function (tab, index) {
      tab.addEventListener("click", function (event) {
        if (!document.body.hasAttribute("data-single-file")) { event.preventDefault(); }
        select(list, tab);
      });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step) {
          var next = tabs[(index + step + tabs.length) % tabs.length];
          select(list, next);
          next.focus();
        }
      });
    });
    var chosen = list.querySelector('[aria-selected="true"]') || tabs[0];
    if (chosen) { select(list, chosen); }
  });
  // The single file shows one page at a time, the one the address's #<id> names.
  if (document.body.hasAttribute("data-single-file")) {
    var pages = document.querySelectorAll("article.page");
    var shown = null;
    var show = function () {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id ? document.getElementById(id) : null;
      var page = target ? target.closest("article.page") : null;
      page = page || document.querySelector("article.page[data-home]") || pages[0];
      Array.prototype.forEach.call(pages, function (p) { p.hidden = p !== page; });
      Array.prototype.forEach.call(document.querySelectorAll(".tree a"), function (a) {
        if (a.getAttribute("href") === "#" + (page && page.id)) { a.setAttribute("aria-current", "page"); }
        else { a.removeAttribute("aria-current"); }
      });
      if (target && target.getAttribute("role") === "tabpanel") {
        var tab = document.getElementById("tab-" + target.id);
        if (tab) { select(tab.parentNode, tab); }
      }
      if (page !== shown) { window.scrollTo(0, 0); }
      shown = page;
    };
    window.addEventListener("hashchange", show);
    show();
  }
  var nav = document.querySelector("details.nav");
  if (nav && window.matchMedia && window.matchMedia("(max-width: 900px)").matches) {
    nav.open = false;
  }
})();

/* View tabs and a menu that folds on phones. Without this script every view shows in turn. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var lists = document.querySelectorAll('[role="tablist"]');
  Array.prototype.forEach.call(lists, function (list) {
    var tabs = list.querySelectorAll('[role="tab"]');
    function select(tab) {
      Array.prototype.forEach.call(tabs, function (other) {
        var panel = document.getElementById(other.getAttribute("aria-controls"));
        var on = other === tab;
        other.setAttribute("aria-selected", on ? "true" : "false");
        other.tabIndex = on ? 0 : -1;
        if (panel) { panel.hidden = !on; }
      });
    }
    Array.prototype.forEach.call(tabs, function (tab, index) {
      tab.addEventListener("click", function (event) { event.preventDefault(); select(tab); });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step) {
          var next = tabs[(index + step + tabs.length) % tabs.length];
          select(next);
          next.focus();
        }
      });
    });
    if (tabs.length) { select(tabs[0]); }
  });
  var nav = document.querySelector("details.nav");
  if (nav && window.matchMedia && window.matchMedia("(max-width: 900px)").matches) {
    nav.open = false;
  }
})();

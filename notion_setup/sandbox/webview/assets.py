"""The web view's script and the few styles it adds to the preview's stylesheet.

The stylesheet itself is the preview's ``style.css``, read as a package file (no import of the
tool's code), so the web view and the preview look alike and stay alike.
"""

from __future__ import annotations

from importlib import resources

#: Nothing may load: no stylesheet, font, image, script or connection from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'"


def preview_css() -> str:
    """The preview's stylesheet (shipped in the wheel as ``notion_setup/preview/style.css``)."""
    return (
        resources.files("notion_setup")
        .joinpath("preview", "style.css")
        .read_text(encoding="utf-8")
    )


EXTRA_CSS = """
/* web view additions */
/* Emoji fonts only where emoji are: listed after the text fonts, Chromium on Linux still takes
   digits and spaces from Noto Color Emoji when the text fonts before it are missing. */
:root { font-family: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans",
  Helvetica, Arial, sans-serif; }
.icon, .page-icon, .callout-icon, .page-glyph, .todo-box {
  font-family: "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif; }
.child-link { margin: 2px 0; }
.child-link a { display: inline-flex; gap: 8px; align-items: center; padding: 2px 6px; margin-left: -6px;
  border-radius: 4px; font-weight: 500; text-decoration: underline; text-decoration-color: rgba(55,53,47,.25);
  text-underline-offset: 3px; }
.child-link a:hover { background: var(--hover); }
.column-list { display: flex; gap: 24px; flex-wrap: wrap; } .column { flex: 1 1 240px; min-width: 0; }
.row-link { color: inherit; text-decoration: none; }
.row-link:hover { text-decoration: underline; text-decoration-color: rgba(55,53,47,.4); }
.card-title .row-link { font-weight: 500; }
.tree a[aria-current="page"] { background: rgba(55, 53, 47, 0.09); color: var(--text); font-weight: 500; }
.linked { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 22px; }
.linked .sub { margin-top: 12px; }
.linked .sub a { text-decoration: none; }
.tpl-list { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 8px; }
.tpl-list a { display: inline-flex; gap: 6px; border: 1px solid var(--line); border-radius: 6px;
  padding: 4px 10px; text-decoration: none; font-size: 14px; }
.tpl-list a:hover { background: var(--hover); }
.media { font-size: 14px; } .equation code { color: var(--text); }
.c-gray-text { color: #787774; } .c-brown-text { color: #9f6b53; } .c-orange-text { color: #d9730d; }
.c-yellow-text { color: #cb912f; } .c-green-text { color: #448361; } .c-blue-text { color: #337ea9; }
.c-purple-text { color: #9065b0; } .c-pink-text { color: #c14c8a; } .c-red-text { color: #d44c47; }
.clients { list-style: none; padding: 0; display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.clients a { display: flex; gap: 10px; align-items: center; border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 16px; text-decoration: none; font-weight: 600; }
.clients a:hover { background: var(--hover); }
"""

SCRIPT = """
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
"""

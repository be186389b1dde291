// Affiliate Ledger dashboard: the only script besides htmx (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // htmx requests that change state carry the session's CSRF token, as forms do in their hidden _csrf field
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // times: rendered in UTC by the server, shown here in the viewer's time zone (the UTC instant stays in the title)
  function localise(root) {
    var format = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short"});
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when.getTime())) {
        el.textContent = format.format(when);
        el.title = el.getAttribute("datetime") + " (UTC)";
      }
    });
  }

  // the "as of" control: the picked local time is sent with the browser's offset, so the server turns it into UTC
  function asOfControl() {
    var form = document.getElementById("as-of-form");
    if (!form) { return; }
    var input = document.getElementById("as-of-at");
    var utc = input.getAttribute("data-utc");
    if (utc) {
      var d = new Date(utc);
      var pad = function (n) { return String(n).padStart(2, "0"); };
      input.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":"
        + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
    }
    form.addEventListener("submit", function () {
      var picked = input.value ? new Date(input.value) : new Date();
      document.getElementById("as-of-offset").value = String(picked.getTimezoneOffset());
    });
  }

  // copy buttons: data-copy-target names the element whose text is copied
  function copyButtons(root) {
    root.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy-target"));
        if (!target) { return; }
        var text = target.value !== undefined && target.tagName !== "PRE" && target.tagName !== "CODE" ? target.value : target.textContent;
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done);
        } else {
          var area = document.createElement("textarea");
          area.value = text;
          document.body.appendChild(area);
          area.select();
          document.execCommand("copy");
          area.remove();
          done();
        }
      });
    });
  }

  // forms that need a second thought: data-confirm holds the question
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // "select all" boxes of bulk actions: data-select-all names the checkbox group
  function selectAll(root) {
    root.querySelectorAll("[data-select-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.querySelectorAll('input[type=checkbox][name="' + box.getAttribute("data-select-all") + '"]')
          .forEach(function (other) { other.checked = box.checked; });
      });
    });
  }

  function enhance(root) {
    localise(root);
    copyButtons(root);
    selectAll(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    asOfControl();
  });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();

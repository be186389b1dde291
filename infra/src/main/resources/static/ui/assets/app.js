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


  // overview charts (uPlot, loaded by the pages that chart): data-chart holds {x: [unix seconds], series: [{label, values}]}
  var CHART_COLOURS = ["#1f5fbf", "#d07a12"];
  var COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];
  function charts(root) {
    if (typeof window.uPlot === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-charted")) { return; }
      var spec = JSON.parse(el.getAttribute("data-chart"));
      var series = [{}];
      var data = [spec.x];
      spec.series.forEach(function (s, i) {
        series.push({label: s.label, stroke: CHART_COLOURS[i % CHART_COLOURS.length], width: 2,
          points: {show: spec.x.length <= 31}});
        data.push(s.values.map(Number));
      });
      var dateFormat = spec.unit === "month" ? {year: "numeric", month: "short"} : {month: "short", day: "numeric"};
      var fmt = new Intl.DateTimeFormat(undefined, Object.assign({timeZone: "UTC"}, dateFormat));
      var plot = new window.uPlot({
        width: Math.max(el.clientWidth, 260), height: 220, series: series,
        scales: {x: {time: true}},
        axes: [{values: function (u, ticks) { return ticks.map(function (t) { return fmt.format(new Date(t * 1000)); }); }},
          spec.currency ? {} : {incrs: COUNT_STEPS}] // counts step by whole numbers (no "0.5 conversions")
      }, data, el);
      el.setAttribute("data-charted", "1");
      window.addEventListener("resize", function () { plot.setSize({width: Math.max(el.clientWidth, 260), height: 220}); });
    });
  }

  function enhance(root) {
    localise(root);
    charts(root);
    copyButtons(root);
    selectAll(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    asOfControl();
  });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();

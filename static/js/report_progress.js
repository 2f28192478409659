// Progress of a background report: polls the JSON status and shows the download link when ready.
// Without JavaScript the page has a refresh link; this only saves the clicks.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-report-label]");
  var download = box.querySelector("[data-report-download]");
  var refresh = box.querySelector("[data-report-refresh]");
  var lang = document.documentElement.lang || "nl";
  var delay = 1000;
  if (!download.hidden) { return; }

  function text(nl, en) { return lang === "en" ? en : nl; }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        bar.value = s.progress;
        bar.textContent = s.progress + "%";
        if (s.download_url) {
          label.textContent = text("Het rapport is klaar.", "The report is ready.");
          download.hidden = false;
          if (refresh) { refresh.hidden = true; }
          return;
        }
        if (s.failed) {
          label.textContent = text("Het maken van het rapport is mislukt. Vernieuw de pagina om het opnieuw te proberen.",
                                   "The report failed. Refresh the page to try again.");
          return;
        }
        label.textContent = s.label + ": " + s.progress + text("% klaar.", "% done.");
        delay = Math.min(delay * 1.5, 10000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, delay);
})();

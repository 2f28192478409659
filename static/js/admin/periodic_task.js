"use strict";
// The periodic-task form shows the chosen crontab in words (django-celery-beat does this with an inline script,
// which the CSP blocks): the readable texts come as JSON from the page.
(function () {
  const data = document.getElementById("readable-crontabs");
  const select = document.getElementById("id_crontab");
  const shown = document.querySelector(".field-crontab_translation .readonly");
  if (!data || !select || !shown) {
    return;
  }
  const readable = JSON.parse(data.textContent);
  shown.setAttribute("aria-live", "polite");
  select.addEventListener("change", function () {
    shown.textContent = readable[select.value] || "-";
  });
})();

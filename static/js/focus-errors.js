// Move focus to the error summary so screen readers announce it right after a failed submit.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();

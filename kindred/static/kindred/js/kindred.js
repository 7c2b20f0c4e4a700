// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Pre-fill an empty time-zone choice from the browser.
  function fillTimeZone() {
    var select = document.querySelector("select[data-browser-timezone]");
    if (!select || select.value) return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var aliases = JSON.parse(select.getAttribute("data-browser-timezone") || "{}");
      zone = aliases[zone] || zone;
      if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
    } catch (e) { /* older browsers: the person chooses */ }
  }

  // Copy an invitation link or a new token to the clipboard.
  function wireCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (!target || !navigator.clipboard) return;
        navigator.clipboard.writeText(target.value || target.textContent).then(function () {
          button.textContent = "Copied";
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillTimeZone();
    wireCopyButtons();
  });
})();

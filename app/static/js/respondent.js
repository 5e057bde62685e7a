// Respondent pages: quick exit (click or Escape three times, without a history entry to come back
// to) and a friendly character counter for free text. Everything works without this file.
(function () {
  "use strict";
  var exitLink = document.getElementById("quick-exit");
  function leave() {
    document.body.hidden = true;
    window.location.replace(exitLink.getAttribute("data-exit-url"));
  }
  if (exitLink) {
    exitLink.addEventListener("click", function (event) { event.preventDefault(); leave(); });
    var presses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 2000; });
      presses.push(now);
      if (presses.length >= 3) { leave(); }
    });
  }
  var area = document.querySelector("textarea[data-limit]");
  var counter = document.querySelector(".counter");
  if (area && counter) {
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    var update = function () {
      var left = limit - area.value.length;
      counter.hidden = false;
      counter.classList.toggle("over", left < 0);
      counter.textContent = left >= 0
        ? (counter.getAttribute("data-left") || "").replace("{n}", left)
        : (counter.getAttribute("data-over") || "").replace("{n}", -left);
    };
    area.addEventListener("input", update);
    update();
  }
})();

// Live group sessions: short polling with ETags, and answers that survive a lost connection.
// Every page works without this file (the waiting page refreshes itself; the others are forms).
(function () {
  "use strict";
  var POLL_MS = 1500;

  // Ask for `url` every POLL_MS; `onChange` gets the new body only when the ETag changed.
  function poll(url, onChange) {
    var etag = null;
    function tick() {
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 200) {
            etag = response.headers.get("ETag");
            return response.text().then(onChange);
          }
          return null;
        })
        .catch(function () { return null; })
        .then(function () { window.setTimeout(tick, POLL_MS); });
    }
    window.setTimeout(tick, POLL_MS);
  }

  // The phone: go where the session now wants us once the worker moves the group on.
  var phone = document.getElementById("live-phone");
  if (phone) {
    poll(phone.getAttribute("data-state-url"), function (text) {
      var state = JSON.parse(text);
      var question = phone.getAttribute("data-question");
      var moved = phone.getAttribute("data-pacing") === "worker" && question &&
        state.question_id !== question;
      var waiting = !question;
      var changed = state.state !== phone.getAttribute("data-state");
      if (String(state.version) !== phone.getAttribute("data-version") &&
          (moved || waiting || changed)) {
        window.location.assign(phone.getAttribute("data-place-url"));
      }
    });
    var form = document.querySelector("form.live-answer");
    if (form) { keepTrying(form); }
  }

  // Send the answer in the background; when the network is gone, say so and try again.
  function keepTrying(form) {
    var status = document.getElementById("offline-status");
    var action = "next";
    form.addEventListener("click", function (event) {
      if (event.target.name === "action") { action = event.target.value; }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      // not form.action: the buttons named "action" shadow that property
      var target = form.getAttribute("action");
      data.set("action", action);
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      function send() {
        fetch(target, { method: "POST", body: data, credentials: "same-origin" })
          .then(function (response) {
            if (response.ok && response.redirected) {
              window.location.assign(response.url);
            } else {
              // a friendly error from the server: let the page show it the ordinary way
              var chosen = document.createElement("input");
              chosen.type = "hidden";
              chosen.name = "action";
              chosen.value = action;
              form.appendChild(chosen);
              HTMLFormElement.prototype.submit.call(form);
            }
          })
          .catch(function () {
            status.textContent = status.getAttribute("data-waiting");
            status.hidden = false;
            window.setTimeout(send, 3000);
          });
      }
      send();
    });
  }

  // The presenter screen and the worker's console: swap in the server-rendered fragment.
  [["live-screen", "data-screen-url"], ["live-panel", "data-panel-url"]].forEach(function (pair) {
    var box = document.getElementById(pair[0]);
    if (box) {
      poll(box.getAttribute(pair[1]), function (html) { box.innerHTML = html; });
    }
  });
})();

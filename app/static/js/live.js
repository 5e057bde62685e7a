// Live group sessions: short polling with ETags, and answers that are never lost on the way.
// Every page works without this file (the waiting page refreshes itself; the others are forms).
(function () {
  "use strict";
  var POLL_MS = 1500;
  var FIRST_RETRY_MS = 2000;
  var LAST_RETRY_MS = 30000;

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

  // This phone's answers that the server does not have yet. They live in localStorage under the
  // session code and a key of the phone's own response, so that they survive a reload or a locked
  // screen, and two sessions (or two children at one tablet) never mix. One per question: a newer
  // answer to the same question replaces the older one.
  function Outbox(key) {
    this.key = "sv-live:" + key;
    this.items = [];
    try {
      this.items = JSON.parse(window.localStorage.getItem(this.key) || "[]");
    } catch (error) {
      this.items = []; // storage blocked (private mode): keep them in memory only
    }
  }
  Outbox.prototype.save = function () {
    try {
      if (this.items.length) {
        window.localStorage.setItem(this.key, JSON.stringify(this.items));
      } else {
        window.localStorage.removeItem(this.key);
      }
    } catch (error) { /* as above: memory still holds them while the page is open */ }
  };
  Outbox.prototype.put = function (entry) {
    this.items = this.items.filter(function (item) { return item.question !== entry.question; });
    this.items.push(entry);
    this.save();
  };
  Outbox.prototype.forget = function (id) {
    this.items = this.items.filter(function (item) { return item.id !== id; });
    this.save();
  };

  // The answer fields of a form, without the CSRF token and the pressed button.
  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrf_token" && name !== "action") {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  function entryFrom(form, action) {
    return {
      id: String(Date.now()) + "-" + String(Math.random()).slice(2, 8),
      question: form.getAttribute("data-question"),
      text: form.getAttribute("data-question-text"),
      url: form.getAttribute("action"), // not form.action: the buttons named "action" shadow it
      action: action,
      fields: fieldsOf(form)
    };
  }

  // Put an unsent answer back into the form it came from (after a reload).
  function restore(form, entry) {
    var names = {};
    entry.fields.forEach(function (pair) { names[pair[0]] = true; });
    Object.keys(names).forEach(function (name) {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name !== name) { return; }
        var values = entry.fields.filter(function (pair) { return pair[0] === name; })
          .map(function (pair) { return pair[1]; });
        if (element.type === "radio" || element.type === "checkbox") {
          element.checked = values.indexOf(element.value) !== -1;
        } else if (element.type !== "hidden" || values.length) {
          element.value = values[0] || "";
        }
      });
    });
  }

  // Send every kept answer, oldest first. The server answers queued sends in JSON: saved (forget
  // it), or refused for good (forget it and say why); anything else (no network, a server that is
  // restarting) keeps it for the next try, later and later up to LAST_RETRY_MS.
  function Sender(outbox, csrf, status) {
    this.outbox = outbox;
    this.csrf = csrf;
    this.status = status;
    this.delay = FIRST_RETRY_MS;
    this.timer = null;
    this.running = null;
    this.refused = [];
    this.onSaved = function () {};
  }
  Sender.prototype.flush = function () {
    var self = this;
    if (self.running) { return self.running; }
    window.clearTimeout(self.timer);
    self.running = self.sendFrom(0).then(function (allSent) {
      self.running = null;
      self.show();
      if (allSent) {
        self.delay = FIRST_RETRY_MS;
      } else {
        self.timer = window.setTimeout(function () { self.flush(); }, self.delay);
        self.delay = Math.min(self.delay * 2, LAST_RETRY_MS);
      }
      return allSent;
    });
    return self.running;
  };
  Sender.prototype.sendFrom = function (index) {
    var self = this;
    var entry = self.outbox.items[index];
    if (!entry) { return Promise.resolve(true); }
    return self.send(entry).then(function (body) {
      if (!body) { return false; }
      self.outbox.forget(entry.id);
      if (body.saved) {
        self.onSaved(entry, body);
      } else {
        self.refused.push({ text: entry.text, error: body.error, entry: entry });
      }
      return self.sendFrom(0);
    });
  };
  // The server's JSON verdict on one answer, or null when it must be tried again.
  Sender.prototype.send = function (entry) {
    var data = new URLSearchParams();
    entry.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    data.set("csrf_token", this.csrf);
    data.set("action", entry.action);
    return fetch(entry.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Live-Queue": "1" }
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
      if (!isJson || response.status >= 500) { return null; }
      return response.json();
    }).catch(function () { return null; });
  };
  // Say which answers are not sent yet, and which the server refused and why.
  Sender.prototype.show = function () {
    var status = this.status;
    var waiting = this.outbox.items;
    status.textContent = "";
    if (waiting.length) {
      var intro = document.createElement("p");
      intro.textContent = status.getAttribute("data-waiting");
      status.appendChild(intro);
      status.appendChild(listOf(waiting.map(function (item) { return item.text; })));
    }
    this.refused.forEach(function (item) {
      var line = document.createElement("p");
      line.textContent = status.getAttribute("data-refused") + " " + item.text + " \u2013 " +
        item.error;
      status.appendChild(line);
    });
    status.hidden = !status.firstChild;
  };

  function listOf(texts) {
    var list = document.createElement("ul");
    texts.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    return list;
  }

  // The phone: keep and send answers, and go where the session now wants us once the worker
  // moves the group on, sending first whatever was typed here but not sent.
  var phone = document.getElementById("live-phone");
  if (phone) {
    var outbox = new Outbox(phone.getAttribute("data-queue-key"));
    var sender = new Sender(outbox, phone.getAttribute("data-csrf"),
      document.getElementById("offline-status"));
    var form = document.querySelector("form.live-answer");
    var question = phone.getAttribute("data-question");
    var typed = form ? new Typed(form, outbox, question) : null;
    var helpPlace = null;
    var leaving = false;
    sender.onSaved = function (entry, body) {
      // a worrying answer is followed by the offer to talk to someone, wherever it was sent from
      if (body.help) { helpPlace = body.place; }
      // the answer to the question on screen is in: move on the way the server says
      if (entry.question === question && !leaving) {
        leaving = true;
        window.location.assign(helpPlace || body.place);
      }
    };
    if (form) { sendOnSubmit(form, sender, outbox, typed); }
    var finishForm = document.querySelector("form.live-finish");
    if (finishForm) { finishWhenSent(finishForm, sender, outbox); }
    poll(phone.getAttribute("data-state-url"), function (text) {
      var state = JSON.parse(text);
      var moved = phone.getAttribute("data-pacing") === "worker" && question &&
        state.question_id !== question;
      var waiting = !question;
      var changed = state.state !== phone.getAttribute("data-state");
      if (leaving || String(state.version) === phone.getAttribute("data-version") ||
          !(moved || waiting || changed)) {
        return;
      }
      leaving = true;
      if (typed) { typed.keep(); }
      sender.flush().then(function () {
        window.location.assign(helpPlace || phone.getAttribute("data-place-url"));
      });
    });
    ["online", "pageshow", "focus"].forEach(function (name) {
      window.addEventListener(name, function () { sender.flush(); });
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { sender.flush(); }
    });
    sender.flush();
  }

  // What is typed or chosen on this question's form but not sent yet.
  function Typed(form, outbox, question) {
    this.form = form;
    this.outbox = outbox;
    this.sent = false;
    this.initial = JSON.stringify(fieldsOf(form));
    var self = this;
    outbox.items.forEach(function (entry) {
      if (entry.question === question) { restore(form, entry); self.sent = true; }
    });
  }
  // Keep it as this question's answer if it differs from what the page showed and says something.
  Typed.prototype.keep = function () {
    var fields = fieldsOf(this.form);
    var says = fields.some(function (pair) { return pair[1].trim() !== ""; });
    if (this.sent || !says || JSON.stringify(fields) === this.initial) { return; }
    this.outbox.put(entryFrom(this.form, "next"));
    this.sent = true;
  };

  // Sending goes through the same kept-and-retried path as everything else.
  function sendOnSubmit(form, sender, outbox, typed) {
    var action = "next";
    form.addEventListener("click", function (event) {
      if (event.target.name === "action") { action = event.target.value; }
    });
    if (typed.sent) { disable(form); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (action === "back") {
        HTMLFormElement.prototype.submit.call(withAction(form, action));
        return;
      }
      var entry = entryFrom(form, action);
      outbox.put(entry);
      typed.sent = true;
      disable(form);
      sender.flush();
    });
    var refusedBefore = sender.refused.length;
    var showRefusal = sender.show.bind(sender);
    sender.show = function () {
      var mine = sender.refused.slice(refusedBefore).filter(function (item) {
        return item.entry.question === form.getAttribute("data-question");
      });
      if (mine.length) {
        // a friendly error about this page's answer: let the server show it in the form
        HTMLFormElement.prototype.submit.call(withAction(form, mine[0].entry.action));
        return;
      }
      showRefusal();
    };
  }

  function disable(form) {
    form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
  }

  function withAction(form, action) {
    var chosen = document.createElement("input");
    chosen.type = "hidden";
    chosen.name = "action";
    chosen.value = action;
    form.appendChild(chosen);
    return form;
  }

  // A tablet's "I've finished" waits until every answer is in, or they would be left behind.
  function finishWhenSent(form, sender, outbox) {
    form.addEventListener("submit", function (event) {
      if (!outbox.items.length) { return; }
      event.preventDefault();
      form.querySelector("button").disabled = true;
      var again = function () {
        if (!outbox.items.length) {
          HTMLFormElement.prototype.submit.call(form);
          return;
        }
        sender.flush().then(function () { window.setTimeout(again, 1000); });
      };
      again();
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

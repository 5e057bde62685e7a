// Map questions: drop pins marked "safe" or "unsafe" on the place's image, by tapping it or with
// the keyboard (arrow keys move a cross, Enter drops a pin), and remove them again. The pins go
// to the server as JSON in the hidden "pins" field, with x and y in 0..1 of the image.
// Without this file the page offers only the named places, which are also the screen-reader path.
(function () {
  "use strict";
  var widget = document.getElementById("map-widget");
  var field = document.getElementById("map-pins");
  if (!widget || !field) { return; }
  var svg = document.getElementById("map-canvas");
  var layer = svg.querySelector(".map-pin-layer");
  var cursorMark = svg.querySelector(".map-cursor");
  var list = document.getElementById("map-pin-list");
  var status = document.getElementById("map-status");
  var NS = "http://www.w3.org/2000/svg";
  var box = svg.viewBox.baseVal;
  var radius = Math.max(box.width, box.height) / 45;
  var maxPins = parseInt(widget.getAttribute("data-max-pins"), 10);
  var STEP = 0.025, BIG_STEP = 0.1;
  var feeling = "unsafe";
  var cursor = { x: 0.5, y: 0.5 };
  var pins = readPins();

  function readPins() {
    try {
      var saved = JSON.parse(field.value || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];
    }
  }

  function text(name, n, kind) {
    var label = kind ? widget.getAttribute("data-feeling-" + kind) : "";
    return widget.getAttribute("data-" + name).replace("{n}", n).replace("{feeling}", label);
  }

  function round(value) { return Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000; }

  function drop(x, y) {
    if (pins.length >= maxPins) {
      status.textContent = widget.getAttribute("data-full");
      return;
    }
    pins.push({ x: round(x), y: round(y), feeling: feeling });
    render();
    status.textContent = text("dropped", pins.length, feeling);
  }

  function remove(index) {
    pins.splice(index, 1);
    render();
    status.textContent = text("removed", index + 1);
    svg.focus();
  }

  function pinMark(pin, number) {
    var group = document.createElementNS(NS, "g");
    group.setAttribute("class", "map-pin map-pin-" + pin.feeling);
    var circle = document.createElementNS(NS, "circle");
    circle.setAttribute("cx", pin.x * box.width);
    circle.setAttribute("cy", pin.y * box.height);
    circle.setAttribute("r", radius);
    var label = document.createElementNS(NS, "text");
    label.setAttribute("x", pin.x * box.width);
    label.setAttribute("y", pin.y * box.height);
    label.setAttribute("font-size", radius * 1.2);
    label.textContent = String(number);
    group.appendChild(circle);
    group.appendChild(label);
    return group;
  }

  function listItem(pin, index) {
    var item = document.createElement("li");
    var words = document.createElement("span");
    words.textContent = text("pin", index + 1, pin.feeling);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button link map-remove";
    button.textContent = text("remove", index + 1);
    button.addEventListener("click", function () { remove(index); });
    item.appendChild(words);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(button);
    return item;
  }

  function render() {
    layer.textContent = "";
    list.textContent = "";
    pins.forEach(function (pin, index) {
      layer.appendChild(pinMark(pin, index + 1));
      list.appendChild(listItem(pin, index));
    });
    field.value = pins.length ? JSON.stringify(pins) : "";
    var mark = cursorMark.firstElementChild;
    mark.setAttribute("cx", cursor.x * box.width);
    mark.setAttribute("cy", cursor.y * box.height);
    mark.setAttribute("r", radius * 1.4);
  }

  widget.querySelectorAll(".map-mode").forEach(function (button) {
    button.addEventListener("click", function () {
      feeling = button.getAttribute("data-feeling");
      widget.querySelectorAll(".map-mode").forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
    });
  });

  svg.addEventListener("click", function (event) {
    var rect = svg.getBoundingClientRect();
    if (!rect.width || !rect.height) { return; }
    drop((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
  });

  var MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  svg.addEventListener("keydown", function (event) {
    var move = MOVES[event.key];
    if (move) {
      var step = event.shiftKey ? BIG_STEP : STEP;
      cursor = { x: round(cursor.x + move[0] * step), y: round(cursor.y + move[1] * step) };
      render();
      event.preventDefault();
    } else if (event.key === "Enter" || event.key === " ") {
      drop(cursor.x, cursor.y);
      event.preventDefault();  // Enter must not send the form from here
    }
  });

  widget.hidden = false;
  render();
}());

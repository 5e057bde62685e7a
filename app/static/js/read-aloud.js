// "Read aloud": speaks the question, its help and its choices in the page's language with the
// browser's own speech synthesis (nothing leaves the device). The button stays hidden unless the
// browser has a voice for the page's language, so nobody hears Polish read with an English voice.
(function () {
  "use strict";
  var button = document.getElementById("read-aloud");
  var synth = window.speechSynthesis;
  if (!button || !synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }
  var pageLang = (document.documentElement.lang || "en").toLowerCase();
  var label = button.textContent;

  function voiceForPage() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      var voiceLang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (voiceLang === pageLang || voiceLang.indexOf(pageLang + "-") === 0) { return voices[i]; }
    }
    return null;
  }

  function textToRead() {
    var parts = [];
    var selectors = ".question-text, #question-hint, .question .choice span, .question .face span";
    document.querySelectorAll(selectors).forEach(function (node) {
      var text = node.textContent.trim();
      if (text) { parts.push(text); }
    });
    return parts.join(". \n");
  }

  function showLabel(speaking) {
    button.textContent = speaking ? button.getAttribute("data-stop") : label;
    button.setAttribute("aria-pressed", speaking ? "true" : "false");
  }

  function speak() {
    if (synth.speaking) { synth.cancel(); showLabel(false); return; }
    var utterance = new window.SpeechSynthesisUtterance(textToRead());
    var voice = voiceForPage();
    if (voice) {
      utterance.lang = voice.lang;
      // The language alone is enough for the browser to choose a voice, so a voice it refuses
      // (some browsers hand out voice objects they will not take back) must not stop the reading.
      try { utterance.voice = voice; } catch (refused) { /* keep utterance.lang */ }
    }
    utterance.rate = 0.9;  // a little slower than usual: children and new readers listen to it
    utterance.onend = function () { showLabel(false); };
    utterance.onerror = function () { showLabel(false); };
    showLabel(true);
    synth.speak(utterance);
  }

  function revealIfVoice() {
    if (voiceForPage()) { button.parentNode.hidden = false; }
  }

  button.addEventListener("click", speak);
  revealIfVoice();
  // Most browsers load their voices after the page: look again when they arrive.
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", revealIfVoice);
  }
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();

/* Read the listen page aloud with the browser's own voice, sentence by sentence, the sentence marked.
   Without speech synthesis or without a voice for the page's language, say so (the call button). */
(function () {
  "use strict";
  var box = document.getElementById("voorlezen");
  var noVoice = document.getElementById("geen-stem");
  if (!box || !noVoice) { return; }
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") { noVoice.hidden = false; return; }
  var lang = (document.getElementById("tekst").getAttribute("lang") || document.documentElement.lang || "nl").toLowerCase();
  var tag = lang === "nl" ? "nl-NL" : lang;
  var play = document.getElementById("lees"), pause = document.getElementById("pauze"), again = document.getElementById("opnieuw");
  var sentences = [];
  var blocks = document.querySelectorAll("#tekst h1, #tekst h2, #tekst h3, #tekst p, #tekst li");
  for (var b = 0; b < blocks.length && sentences.length < 2000; b++) {
    var block = blocks[b];
    var text = block.textContent.replace(/\s+/g, " ").trim();
    if (!text) { continue; }
    var parts = text.match(/[^.!?]+[.!?]+["')\]]*|[^.!?]+$/g) || [text];
    block.textContent = "";
    for (var i = 0; i < parts.length; i++) {
      var span = document.createElement("span");
      span.className = "zin";
      span.textContent = parts[i].trim();
      if (i) { block.appendChild(document.createTextNode(" ")); }
      block.appendChild(span);
      sentences.push(span);
    }
  }
  var index = 0, run = 0;
  function voice() {
    var voices = synth.getVoices() || [];
    for (var v = 0; v < voices.length; v++) {
      if ((voices[v].lang || "").toLowerCase().replace("_", "-").indexOf(lang) === 0) { return voices[v]; }
    }
    return null;
  }
  function mark(at) {
    for (var s = 0; s < sentences.length; s++) { sentences[s].classList.toggle("nu", s === at); }
  }
  function buttons(speaking) { pause.hidden = !speaking; again.hidden = false; play.hidden = speaking; }
  function speak(at, mine) {
    if (mine !== run) { return; }
    if (at >= sentences.length) { index = 0; mark(-1); buttons(false); return; }
    index = at;
    mark(at);
    var said = new window.SpeechSynthesisUtterance(sentences[at].textContent);
    said.lang = tag;
    var chosen = voice();
    if (chosen) { said.voice = chosen; }
    said.onend = function () { speak(at + 1, mine); };
    synth.speak(said);
  }
  function start(at) {
    var voices = synth.getVoices() || [];
    if (voices.length && !voice()) { box.hidden = true; noVoice.hidden = false; return; }
    run += 1;
    synth.cancel();
    buttons(true);
    speak(at, run);
  }
  play.addEventListener("click", function () { start(index); });
  again.addEventListener("click", function () { start(0); });
  pause.addEventListener("click", function () { run += 1; synth.cancel(); buttons(false); });
  box.hidden = false;
}());

/* The intake of a new person at the desk: the card field can be filled by the camera
   (scanner.js), like at the desk itself. Without a camera or this script the field
   takes the typed code. */
(function () {
  "use strict";

  const el = (id) => document.getElementById(id);
  const knop = el("kaart-scan");
  const veld = el("id_kaart");
  if (!knop || !veld || !window.Scanner || !window.Scanner.kan()) return;

  const vak = el("kaart-scanner");
  let stop = null;

  function klaar() {
    if (stop) stop();
    stop = null;
    vak.hidden = true;
    knop.hidden = false;
  }

  knop.hidden = false;
  knop.addEventListener("click", async () => {
    el("kaart-gescand").hidden = true;
    el("kaart-camerafout").hidden = true;
    knop.hidden = true;
    vak.hidden = false;
    try {
      stop = await window.Scanner.start(el("kaart-video"), (tekst) => {
        veld.value = tekst.trim();
        klaar();
        el("kaart-gescand").hidden = false;
        const akkoord = el("id_toestemming");
        if (akkoord) akkoord.focus();
      });
    } catch (e) {
      klaar();
      el("kaart-camerafout").hidden = false;
      veld.focus();
    }
  });
  el("kaart-scan-stop").addEventListener("click", klaar);
})();

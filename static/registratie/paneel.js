/* The desk's panels as the phone draws them itself: from the roster when the network
   is away, and the confirmation after a tap. Pure builders returning HTML; balie.js
   decides when to show which. The markup follows templates/registratie/_paneel.html
   (the server's panel); tests/browser/test_paneel_gelijk.py holds the two side by
   side for the same household, so they cannot drift apart unnoticed. */
(function () {
  "use strict";

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => (
      { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function uurMinuut(d) {
    d = d || new Date();
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  }

  const kleurwoord = (woord) =>
    `<p class="kleurwoord"><span class="bol" aria-hidden="true"></span> ${esc(woord)}</p>`;

  // A meal line's counts and tariff (_maaltijden.html).
  function maaltijden(l) {
    const s = esc(l.slug);
    return `<div class="maaltijden"><p class="klein">${esc(l.tariefzin)}</p><div class="rij">
      <label for="volw-${s}">${esc(gettext("Volwassenen"))}</label>
      <input type="number" inputmode="numeric" min="0" max="30" id="volw-${s}" name="volwassenen_${s}" value="${esc(l.volwassenen)}">
      <label for="kind-${s}">${esc(gettext("Kinderen"))}</label>
      <input type="number" inputmode="numeric" min="0" max="30" id="kind-${s}" name="kinderen_${s}" value="${esc(l.kinderen)}">
      </div></div>`;
  }

  // A voucher line's count and first number (_waardebonnen.html).
  function bonnen(l) {
    const s = esc(l.slug);
    return `<div class="maaltijden bonnen">${l.bonzin ? `<p class="klein">${esc(l.bonzin)}</p>` : ""}<div class="rij">
      <label for="bonnen-${s}">${esc(gettext("Bonnen"))}</label>
      <input type="number" inputmode="numeric" min="1" max="30" id="bonnen-${s}" name="bonnen_${s}" value="1">
      <label for="eerste-${s}">${esc(gettext("Eerste nummer"))}</label>
      <input type="text" inputmode="numeric" autocomplete="off" id="eerste-${s}" name="eerste_${s}" value="">
      </div></div>`;
  }

  // The aids of a visit (_aanbod.html): a tick per aid when there are several, else
  // the one aid as a hidden field (and a meal's counts).
  function aanbod(lijnen, enige) {
    if (lijnen && lijnen.length > 1) {
      return `<fieldset class="aanbod"><legend>${esc(gettext("Wat geeft u mee?"))}</legend>` +
        lijnen.map((l) => `<div class="aanbodlijn status-${esc(l.kleur)}" data-hulpvorm="${esc(l.slug)}" data-kleur="${esc(l.kleur)}">
          <input type="checkbox" name="hulpvorm" value="${esc(l.slug)}" id="hv-${esc(l.slug)}"${l.voorgevinkt ? " checked" : ""}>
          <label for="hv-${esc(l.slug)}"><span class="bol" aria-hidden="true"></span> <span><strong>${esc(l.naam)}</strong>${l.pakket ? ` (${esc(l.pakket)})` : ""} · ${esc(l.woord)}</span></label>
          ${l.redenen.length ? `<ul class="redenen">${l.redenen.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>` : ""}
          ${l.maaltijd ? maaltijden(l) : ""}
          ${l.waardebon ? bonnen(l) : ""}</div>`).join("") + "</fieldset>";
    }
    if (enige && enige.slug) {
      const lijn = Object.assign({ slug: enige.slug }, enige.lijn || {});
      return `<input type="hidden" name="hulpvorm" value="${esc(enige.slug)}">` +
        (lijn.maaltijd ? maaltijden(lijn) : "") + (lijn.waardebon ? bonnen(lijn) : "");
    }
    return "";
  }

  // The registration form of _paneel.html: hidden fields, the aids, a reason when red
  // (with several aids: when one is red, needed only if it is ticked), one button.
  function formulier(actie, velden, rood, knoptekst, extra) {
    extra = extra || {};
    const meerdere = extra.lijnen && extra.lijnen.length > 1;
    const verborgen = Object.entries(velden).map(([naam, waarde]) =>
      `<input type="hidden" name="${naam}" value="${esc(waarde)}">`).join("");
    const reden = rood || (meerdere && extra.lijnen.some((l) => l.kleur === "rood"));
    const hulp = meerdere ? gettext("Enkel nodig voor wat rood staat. De coördinator kijkt dit na.")
      : gettext("De coördinator kijkt dit na.");
    return `<form id="registreer-form" method="post" action="${esc(actie)}" novalidate>
      <input type="hidden" name="sleutel" value="${crypto.randomUUID()}">${verborgen}
      <input type="hidden" name="gescand_op" value="">
      ${aanbod(extra.lijnen, extra.enige)}
      ${reden ? `<div class="reden-vak"${meerdere ? ' data-bij-rood="1"' : ""}><label for="override_reden">${esc(gettext("Toch meegeven? Zeg waarom"))}</label>
      <input type="text" id="override_reden" name="override_reden" maxlength="200"${rood ? " required" : ""} value="">
      <p class="hulptekst">${esc(hulp)}</p></div>` : ""}
      <button type="submit" class="knop groot">${esc(meerdere ? gettext("Meegeven en registreren")
        : extra.enige && extra.enige.lijn && extra.enige.lijn.maaltijd ? gettext("Maaltijden registreren") : knoptekst)}</button></form>`;
  }

  function sectie(kleur, attributen, inhoud) {
    return `<section id="paneel-inhoud" class="paneel status-${esc(kleur)}" data-kleur="${esc(kleur)}"
        ${attributen} tabindex="-1">${inhoud}</section>`;
  }

  // A household from the roster.
  function gezin({ kleur, woord, gezinId, naam, samenstelling, hulp, redenen, form, lijstVan }) {
    return sectie(kleur, `data-gezin="${esc(gezinId)}" data-bron="rooster"`,
      `${kleurwoord(woord)}
      <h2>${esc(naam || gettext("Gezin"))}</h2>
      <p>${esc(samenstelling)}${hulp ? ` · ${esc(hulp)}` : ""}</p>
      ${redenen.length ? `<ul class="redenen">${redenen.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>` : ""}
      ${form}
      <p class="klein">${esc(lijstVan)}</p>`);
  }

  // No household on the roster for this card (or no roster at all).
  function nietGevonden(uitleg, form) {
    return sectie("rood", 'data-bron="rooster"',
      `${kleurwoord(gettext("Niet gevonden"))}
      <p><strong>${esc(uitleg)}</strong></p>
      ${form ? `<p>${esc(gettext("Zonder internet kunnen we niet nakijken of dit gezin recht heeft op hulp."))}</p>${form}` : ""}`);
  }

  // A typed code this phone queued itself earlier today.
  function alGetypt(tijd, form) {
    return sectie("rood", 'data-bron="rooster"',
      `${kleurwoord(gettext("Niet in orde"))}
      <ul class="redenen"><li>${esc(interpolate(gettext("Al geregistreerd op dit toestel om %(tijd)s."),
        { tijd: tijd }, true))}</li></ul>${form}`);
  }

  // A typed code without network: noted, checked by the server when sent.
  function getypt(afgemeld, form) {
    return sectie("oranje", 'data-bron="rooster"',
      `${kleurwoord(gettext("Code genoteerd"))}
      <p><strong>${esc(afgemeld
        ? gettext("U bent afgemeld: een getypte code kunnen we nu niet nakijken.")
        : gettext("Zonder internet kunnen we een getypte code niet nakijken."))}</strong></p>
      <p>${esc(gettext("Registreer de afhaling: de server kijkt de code na bij het verzenden."))}</p>
      ${form}`);
  }

  // After the tap: registered, with a short while to undo. A visit of several aids
  // lists them, each with its own answer when the server gives it (data-sleutel).
  function bevestiging(sleutel, naam, gezinId, online, lijnen) {
    const kop = naam
      ? interpolate(gettext("Afhaling geregistreerd: %(naam)s"), { naam: naam }, true)
      : gettext("Afhaling geregistreerd.");
    const lijst = lijnen && (lijnen.length > 1 || lijnen[0].detail)
      ? `<ul class="lijnen">${lijnen.map((l) => `<li data-sleutel="${esc(l.sleutel)}" data-hulpvorm="${esc(l.slug || "")}" data-uitkomst="bewaard">${l.naam ? `<strong>${esc(l.naam)}</strong>${l.detail ? ` (${esc(l.detail)})` : ""}` : esc(l.detail)}<span class="lijn-status"></span></li>`).join("")}</ul>`
      : "";
    return `<section id="paneel-inhoud" class="paneel status-groen" data-uitkomst="bewaard"
        data-sleutel="${esc(sleutel)}" data-gezin="${esc(gezinId || "")}"
        data-hulpvorm="${esc(lijnen && lijnen.length === 1 ? lijnen[0].slug || "" : "")}" tabindex="-1">
      ${kleurwoord(gettext("Geregistreerd"))}
      <p><strong>${esc(kop)}</strong></p>${lijst}
      <p id="bevestiging-status">${esc(online ? gettext("Wordt verzonden…")
        : gettext("Bewaard op dit toestel. Wordt verzonden zodra er internet is."))}</p>
      <div class="knoppen"><button type="button" id="ongedaan-knop" class="secundair">${esc(gettext("Ongedaan maken"))}</button></div>
    </section>`;
  }

  function cameraFout() {
    return `<section id="paneel-inhoud" class="paneel status-oranje" tabindex="-1">
      <p><strong>${esc(gettext("De camera kon niet starten."))}</strong> ${esc(gettext("Typ de code onder de QR-code."))}</p></section>`;
  }

  window.Paneel = { esc, uurMinuut, formulier, gezin, nietGevonden, alGetypt, getypt, bevestiging, cameraFout };
})();

/* The desk, enhanced: camera scanning (the camera itself: scanner.js), panels from
   the cached roster when the network is away or slow (their markup: paneel.js), and registrations through the
   outbox (outbox.js); card codes are checked by kaartcode.js.
   Without this script the desk still works with plain forms.
   Texts come from Django's JavaScript catalogue (gettext, ngettext, interpolate),
   loaded before this script and precached by the service worker; they are
   extracted with `manage.py makemessages -d djangojs`. */
(function () {
  "use strict";

  const Outbox = window.Outbox;
  if (!Outbox || !window.Paneel) return;

  const PANEEL_TIMEOUT = 3000;
  const ROOSTER_TIMEOUT = 15000;
  const ROOSTER_MAX_LEEFTIJD = 5 * 60 * 1000;
  const ONGEDAAN_SECONDEN = 10;
  const LEGE_SLEUTEL = "00000000-0000-0000-0000-000000000000";

  const el = (id) => document.getElementById(id);

  const Paneel = window.Paneel;
  const { esc, uurMinuut } = Paneel;

  async function haal(url, opties, ms) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), ms);
    try {
      return await fetch(url, Object.assign(
        { credentials: "same-origin", redirect: "manual", signal: ctrl.signal }, opties));
    } finally {
      clearTimeout(timer);
    }
  }

  // Rosters hold names: they go when the volunteer logs out, from any page.
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.dataset.gewist || !/\/logout\/?$/.test(new URL(form.action, location.href).pathname)) return;
    e.preventDefault();
    // The queue stays (it is the volunteer's), but nothing more is sent for them.
    const wissen = [Outbox.rooster.wis(), Outbox.instellen({ eigenaar: "" })];
    if ("caches" in window) wissen.push(caches.delete("mh-paginas"));
    Promise.allSettled(wissen).then(() => {
      form.dataset.gewist = "1";
      form.submit();
    });
  }, true);

  const balie = el("balie");
  if (!balie) return;

  const d = balie.dataset;
  const moment = Number(d.moment);
  // The day comes from this device's clock, not from the page: a page cached days
  // ago and opened offline must not date today's pickups on the day it was made.
  const datum = Outbox.vandaag();
  const paneel = el("paneel");
  const wachtrij = el("wachtrij");
  const verzendKnop = el("nu-verzenden");
  // Not inside the live region: a retry countdown would be read out every few seconds.
  const status = document.createElement("p");
  status.id = "wachtrij-status";
  status.className = "klein";
  status.hidden = true;
  wachtrij.after(status);
  let laatsteScan = null;
  let verzendStatus = "ok";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }

  // --- the moment's hours ----------------------------------------------------------
  // From this phone's clock, so it holds offline: a desk left open on the morning's
  // moment says so in the afternoon, proposes the moment going on now, and asks once
  // before registering here (registratie/balie.py: buiten_uren, the same words).

  const momenten = JSON.parse((el("balie-momenten") || {}).textContent || "[]");
  const dit = momenten.find((m) => m.pk === moment);
  const MARGE = Number(d.marge || 45);
  let buitenBevestigd = "";

  const minuten = (hhmm) => { const [u, m] = hhmm.split(":").map(Number); return u * 60 + m; };
  const weekdag = (nu) => (nu.getDay() + 6) % 7; // Python's weekday(): Monday is 0

  function loopt(m, nu) {
    const nuMin = nu.getHours() * 60 + nu.getMinutes();
    return m.weekdag === weekdag(nu) && nuMin >= minuten(m.start) - MARGE && nuMin <= minuten(m.einde) + MARGE;
  }

  function buitenUren() {
    if (!dit) return "";
    const nu = new Date();
    if (dit.weekdag !== weekdag(nu)) {
      return interpolate(gettext("Dit afhaalmoment is op %(dag)s, niet vandaag."), { dag: dit.dag }, true);
    }
    const nuMin = nu.getHours() * 60 + nu.getMinutes();
    if (nuMin < minuten(dit.start) - MARGE) {
      return interpolate(gettext("Dit afhaalmoment begint pas om %(uur)s."), { uur: dit.start }, true);
    }
    if (nuMin > minuten(dit.einde) + MARGE) {
      return interpolate(gettext("Dit afhaalmoment is voorbij: het eindigde om %(uur)s."), { uur: dit.einde }, true);
    }
    return "";
  }

  function momentVanNu() {
    const nu = new Date();
    const lopend = momenten.filter((m) => loopt(m, nu));
    return lopend.length === 1 && lopend[0].pk !== moment ? lopend[0] : null;
  }

  function toonBuitenUren() {
    const vak = el("buiten-uren");
    if (!vak) return;
    const reden = buitenUren();
    vak.hidden = !reden;
    el("buiten-uren-tekst").textContent = reden;
    const ander = reden ? momentVanNu() : null;
    el("moment-van-nu").hidden = !ander;
    if (ander) {
      el("moment-van-nu-link").href = d.balieUrl.replace(/\/0\/$/, `/${ander.pk}/`);
      el("moment-van-nu-naam").textContent = ander.naam;
    }
  }

  // Before registering outside the hours: the question on the panel, once per reason.
  function vraagBuitenUren(form, reden) {
    const knop = form.querySelector("[type=submit]");
    if (!form.elements.buiten_uren_ok) {
      form.insertAdjacentHTML("beforeend", '<input type="hidden" name="buiten_uren_ok" value="1">');
      knop.insertAdjacentHTML("beforebegin",
        `<p class="melding warning" id="buiten-vraag" role="alert">${esc(reden)} ${esc(gettext("Toch registreren op dit moment?"))}</p>`);
    }
    knop.textContent = gettext("Ja, toch registreren");
    knop.disabled = false;
    knop.focus();
  }

  toonBuitenUren();
  setInterval(toonBuitenUren, 30000);

  // --- network and queue -------------------------------------------------------------

  function toonNetwerk() {
    el("netwerk").hidden = navigator.onLine && verzendStatus !== "netwerk";
  }

  async function toonWachtrij(info) {
    if (!info) info = await Outbox.telling();
    const n = info.wachtend;
    // "Alles is verzonden" only when nothing left this phone unconfirmed (outbox.js, ledger).
    el("wachtrij-tekst").textContent = n > 0 ? interpolate(
      ngettext("%(aantal)s wacht op verzending", "%(aantal)s wachten op verzending", n), { aantal: n }, true)
      : info.onzeker ? gettext("Nakijken of alles aankwam…")
        : info.verdwenen ? gettext("Niet alles is verzonden.") : gettext("Alles is verzonden.");
    verzendKnop.hidden = n === 0;
    verzendKnop.disabled = verzendStatus === "bezig";
    wachtrij.hidden = n === 0 && !info.onzeker && verzendStatus !== "aanmelden";
    toonMislukt(info.mislukt);
    toonVerdwenen(info.verdwenen || 0);
    if (info.onzeker && !n && navigator.onLine) controleerLater();
  }

  let controle = null;
  function controleerLater() {
    if (controle) return;
    controle = setTimeout(() => { controle = null; Outbox.controleer(); }, 500);
  }

  function toonVerdwenen(aantal) {
    let vak = el("verdwenen");
    if (!aantal) {
      if (vak) vak.remove();
      return;
    }
    if (!vak) {
      vak = document.createElement("div");
      vak.id = "verdwenen";
      vak.className = "melding error";
      vak.setAttribute("role", "alert");
      wachtrij.after(vak);
    }
    const tekst = interpolate(ngettext(
      "%(aantal)s afhaling is van dit toestel verdwenen voor ze verzonden was: meld dit aan de coördinator.",
      "%(aantal)s afhalingen zijn van dit toestel verdwenen voor ze verzonden waren: meld dit aan de coördinator.",
      aantal), { aantal: aantal }, true);
    vak.innerHTML = `<p><strong>${esc(tekst)}</strong></p>` +
      `<button type="button" class="secundair" id="verdwenen-gemeld">${esc(gettext("Ik heb het gemeld"))}</button>`;
    el("verdwenen-gemeld").onclick = () => Outbox.vergeetVerdwenen();
  }

  let rosterGewist = false;
  function toonStatus(info) {
    const vorige = verzendStatus;
    verzendStatus = info.status;
    verzendKnop.textContent = info.status === "bezig" ? gettext("Bezig met verzenden…") : gettext("Nu verzenden");
    verzendKnop.disabled = info.status === "bezig";
    if (info.status === "aanmelden") {
      // Signed out (idle, the moment is over, or from afar because the phone is lost):
      // the names of the roster leave the phone; the queued pickups stay.
      if (vorige !== "aanmelden" || !rosterGewist) {
        rosterGewist = true;
        Outbox.rooster.wis();
        if ("caches" in window) caches.delete("mh-paginas");
      }
      const terug = encodeURIComponent(location.pathname);
      status.innerHTML = `<a href="${esc(d.loginUrl)}?next=${terug}">${esc(gettext("Meld u opnieuw aan om te verzenden"))}</a>. ` +
        esc(gettext("De registraties blijven op dit toestel bewaard."));
      wachtrij.hidden = false;
    } else if (info.status === "netwerk" && !navigator.onLine) {
      status.textContent = gettext("Wordt verzonden zodra er internet is.");
    } else if (info.status === "netwerk" || info.status === "server") {
      const s = Math.max(1, Math.round((info.volgendePoging - Date.now()) / 1000));
      status.textContent = interpolate(info.status === "netwerk"
        ? gettext("Geen verbinding. Nieuwe poging over %(seconden)s s.")
        : gettext("De server antwoordt niet goed. Nieuwe poging over %(seconden)s s."), { seconden: s }, true);
    } else {
      status.textContent = "";
    }
    status.hidden = !status.textContent;
    toonNetwerk();
  }

  async function toonMislukt(aantal) {
    let lijst = el("mislukt");
    if (!aantal) {
      if (lijst) lijst.remove();
      return;
    }
    const items = await Outbox.mislukt();
    if (!lijst) {
      lijst = document.createElement("details");
      lijst.id = "mislukt";
      lijst.className = "melding error";
      lijst.open = true;
      wachtrij.after(lijst);
    }
    const kop = interpolate(ngettext("%(aantal)s registratie niet aanvaard", "%(aantal)s registraties niet aanvaard",
      items.length), { aantal: items.length }, true);
    const wie = (i) => (i.kaart
      ? interpolate(gettext("kaart %(code)s"), { code: i.kaart.slice(0, 14) }, true)
      : interpolate(gettext("gezin %(nummer)s"), { nummer: i.gezin }, true));
    lijst.innerHTML = `<summary><strong>${esc(kop)}</strong></summary><ul>` +
      items.map((i) => `<li>${esc(i.gescand_op.slice(11, 16))} · ${esc(wie(i))}: ${esc(i.bericht)}</li>`).join("") +
      `</ul><button type="button" class="secundair" id="mislukt-gezien">${esc(gettext("Gezien"))}</button>`;
    el("mislukt-gezien").onclick = () => Outbox.vergeetMislukt(items.map((i) => i.sleutel));
  }

  window.addEventListener("outbox:veranderd", (e) => toonWachtrij(e.detail));
  window.addEventListener("outbox:status", (e) => { toonStatus(e.detail); toonWachtrij(); });
  window.addEventListener("outbox:resultaten", (e) => e.detail.resultaten.forEach(toonResultaat));
  window.addEventListener("online", () => { toonNetwerk(); laadRooster(true); Outbox.flush({ opnieuw: true }); });
  window.addEventListener("offline", toonNetwerk);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) Outbox.flush(); });
  verzendKnop.addEventListener("click", () => Outbox.flush({ opnieuw: true }));

  function registreerSync() {
    if (!("serviceWorker" in navigator) || !("SyncManager" in window)) return;
    navigator.serviceWorker.ready
      .then((reg) => reg.sync && reg.sync.register("afhalingen"))
      .catch(() => {});
  }

  // --- roster ----------------------------------------------------------------------------

  async function laadRooster(vernieuw) {
    await Outbox.rooster.opruimen();
    const oud = await Outbox.rooster.haal(moment, datum);
    if (navigator.onLine && (vernieuw || !oud || Date.now() - oud.opgehaald > ROOSTER_MAX_LEEFTIJD)) {
      try {
        const r = await haal(d.roosterUrl, { headers: { Accept: "application/json" } }, ROOSTER_TIMEOUT);
        if (r.ok) {
          await Outbox.rooster.bewaar(await r.json());
          d.rooster = "vers";
          toonRoosterDatum(null);
          return;
        }
        if (r.status === 401 || r.type === "opaqueredirect") {
          // Signed out: no list of names on this phone any more (toonStatus wipes it).
          toonStatus({ status: "aanmelden" });
          d.rooster = "geen";
          return;
        }
      } catch (e) { /* keep the copy we have */ }
    }
    d.rooster = oud ? "bewaard" : "geen";
    toonRoosterDatum(oud ? null : await Outbox.rooster.nieuwste(moment));
  }

  // An older roster still helps offline, but the volunteer must know it is not today's.
  function toonRoosterDatum(ouder) {
    let melding = el("rooster-oud");
    if (!ouder) {
      if (melding) melding.remove();
      return;
    }
    if (!melding) {
      melding = document.createElement("p");
      melding.id = "rooster-oud";
      melding.className = "melding warning";
      melding.setAttribute("role", "status");
      el("netwerk").after(melding);
    }
    const [j, m, dag] = ouder.datum.split("-");
    melding.textContent = interpolate(gettext("Lijst van %(datum)s: maak verbinding om de lijst van vandaag te halen."),
      { datum: `${dag}/${m}/${j}` }, true);
  }

  async function sha256(tekst) {
    const buf = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(tekst));
    return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function kaartSleutel(tekst) {
    tekst = tekst.trim();
    if (tekst.startsWith("MHG1:")) {
      const token = tekst.slice(5);
      if (!/^[A-Za-z0-9_-]{24}$/.test(token)) return { fout: gettext("Deze QR-code is beschadigd. Typ de code onder de QR-code.") };
      return { hash: await sha256(token) };
    }
    if (/[:/]/.test(tekst)) return { fout: gettext("Deze QR-code is geen kaart van Materiële hulp.") };
    const typ = Kaartcode.normaliseer(tekst);
    if (typ.fout) return typ;
    // Nothing on the roster can be compared with a typed code (see balie.py rooster):
    // the check character is all this device can check; the server decides.
    return { getypt: typ.code };
  }

  async function eerderGetypt(code) {
    const items = await Outbox.all();
    for (const item of items) {
      if (item.moment !== moment || item.datum !== datum || !item.kaart) continue;
      const sleutel = await kaartSleutel(item.kaart);
      if (sleutel.getypt === code) return item;
    }
    return null;
  }

  async function geldigRooster() {
    const vandaag = await Outbox.rooster.haal(moment, datum);
    if (vandaag) return { rooster: vandaag, oud: false };
    const ouder = await Outbox.rooster.nieuwste(moment);
    return { rooster: ouder, oud: Boolean(ouder) };
  }

  async function zoekGezin(vraag) {
    const { rooster: r, oud } = await geldigRooster();
    const sleutel = vraag.kaart ? await kaartSleutel(vraag.kaart) : {};
    if (sleutel.fout) return { rooster: r, oud, fout: sleutel.fout };
    if (sleutel.getypt) return { rooster: r, oud, getypt: sleutel.getypt };
    if (!r) return { rooster: null };
    if (vraag.gezin) return { rooster: r, oud, gezin: r.gezinnen.find((g) => g.gezin === Number(vraag.gezin)) };
    // The roster holds a prefix of the hash (hulpverlening/kaartcodes.py token_hash).
    return { rooster: r, oud, gezin: r.gezinnen.find((g) => g.h === sleutel.hash.slice(0, g.h.length)) };
  }

  // --- panels ----------------------------------------------------------------------------

  // One state at a time: a panel replaces the search results, a search replaces the
  // panel, so a volunteer never registers the household of a previous look-up.
  function zetPaneel(html) {
    wisZoekresultaten();
    paneel.innerHTML = html;
    if (window.htmx) window.htmx.process(paneel);
    const sectie = el("paneel-inhoud");
    if (sectie) {
      sectie.focus({ preventScroll: true });
      sectie.scrollIntoView({ block: "nearest" });
    }
  }

  async function toonPaneel(vraag) {
    laatsteScan = Outbox.isoNu();
    if (navigator.onLine) {
      // By POST: a card token or code in a URL would end up in logs and history.
      const params = new URLSearchParams(vraag.gezin ? { gezin: vraag.gezin } : { kaart: vraag.kaart });
      try {
        const r = await haal(d.paneelUrl, {
          method: "POST", body: params,
          headers: { "HX-Request": "true", "X-CSRFToken": Outbox.csrfToken({}) },
        }, PANEEL_TIMEOUT);
        // Signed out (idle, or from afar): the server asks htmx to reload to the login
        // page. At a busy desk the roster answers instead, and the status bar says
        // to log in again; the pickup waits in the queue.
        const naarLogin = r.type === "opaqueredirect" || r.headers.has("HX-Redirect");
        if (r.ok && !naarLogin) {
          zetPaneel(await r.text());
          return;
        }
        if (naarLogin) toonStatus({ status: "aanmelden" });
      } catch (e) { /* offline or too slow: the roster answers */ }
    }
    await roosterPaneel(vraag);
  }

  // `rooster`: for a card the phone cannot look up, the moment's aids to choose from.
  function registreerForm(velden, rood, knoptekst, rooster) {
    const lijnen = rooster && rooster.hulpvormen && rooster.hulpvormen.length > 1 ? rooster.hulpvormen : [];
    return Paneel.formulier(d.registreerUrl, velden, rood, knoptekst, { lijnen: lijnen });
  }

  async function roosterPaneel(vraag) {
    const { rooster, oud, gezin, fout, getypt } = await zoekGezin(vraag);
    const velden = vraag.kaart ? { kaart: vraag.kaart.trim() } : { gezin: vraag.gezin };
    if (getypt) {
      // This device does know the codes it queued itself (they leave it when sent).
      const eerder = await eerderGetypt(getypt);
      if (eerder) {
        zetPaneel(Paneel.alGetypt(uurMinuut(new Date(eerder.gescand_op)),
          registreerForm(velden, true, gettext("Afhaling registreren"), rooster)));
        return;
      }
      zetPaneel(Paneel.getypt(verzendStatus === "aanmelden",
        registreerForm(velden, false, gettext("Afhaling registreren"), rooster)));
      return;
    }
    if (fout || !gezin) {
      const uitleg = fout || (rooster
        ? gettext("Deze kaart staat niet op de lijst van vandaag.")
        : gettext("Er is geen lijst van vandaag op dit toestel."));
      zetPaneel(Paneel.nietGevonden(uitleg, fout ? "" : registreerForm(velden, true, gettext("Toch registreren"), rooster)));
      return;
    }
    let kleur = gezin.kleur;
    let woord = gezin.woord;
    const redenen = gezin.redenen.slice();
    const lokaal = rooster.lokaal || {};
    // Registered on this phone already: per aid (a key "household:aid"), or the
    // whole household for a pickup queued before aids were chosen.
    const lijnen = (gezin.aanbod || []).map((l) => {
      const tijd = lokaal[`${gezin.gezin}:${l.slug}`] || lokaal[gezin.gezin];
      if (!tijd) return l;
      return Object.assign({}, l, {
        kleur: "rood", woord: gettext("Niet in orde"), voorgevinkt: false,
        redenen: [interpolate(gettext("Al geregistreerd op dit toestel om %(tijd)s."), { tijd: tijd }, true)].concat(l.redenen),
      });
    });
    const hier = lijnen.length ? null : lokaal[gezin.slug ? `${gezin.gezin}:${gezin.slug}` : gezin.gezin] || lokaal[gezin.gezin];
    if (hier) {
      kleur = "rood";
      woord = gettext("Niet in orde");
      redenen.unshift(interpolate(gettext("Al geregistreerd op dit toestel om %(tijd)s."), { tijd: hier }, true));
    }
    if (lijnen.length) {
      // The visit's colour as rechten.samen gives it: the ticked lines' worst.
      const aangevinkt = lijnen.filter((l) => l.voorgevinkt);
      const kleuren = (aangevinkt.length ? aangevinkt : lijnen.slice(0, 1)).map((l) => l.kleur);
      kleur = kleuren.includes("rood") ? "rood" : kleuren.includes("oranje") ? "oranje" : "groen";
      woord = { groen: gettext("In orde"), oranje: gettext("Let op"), rood: gettext("Niet in orde") }[kleur];
    }
    const k = gezin.kinderen;
    const samenstelling = interpolate(ngettext("%(volwassenen)s volw. · %(kinderen)s kind",
      "%(volwassenen)s volw. · %(kinderen)s kinderen", k), { volwassenen: gezin.volwassenen, kinderen: k }, true);
    const [j, m, dag] = rooster.datum.split("-");
    const lijstVan = oud
      ? interpolate(gettext("Lijst van %(datum)s: maak verbinding om de lijst van vandaag te halen."),
        { datum: `${dag}/${m}/${j}` }, true)
      : interpolate(gettext("Zonder internet: volgens de lijst van %(tijd)s."),
        { tijd: uurMinuut(new Date(rooster.gemaakt_op)) }, true);
    const hulp = !lijnen.length && gezin.hulpvorm ? `${gezin.hulpvorm}${gezin.pakket ? ` (${gezin.pakket})` : ""}` : "";
    const form = Paneel.formulier(d.registreerUrl, velden, !lijnen.length && kleur === "rood",
      gettext("Afhaling registreren"), { lijnen: lijnen, enige: gezin });
    zetPaneel(Paneel.gezin({
      kleur, woord, gezinId: gezin.gezin, naam: gezin.naam, samenstelling, hulp,
      redenen: lijnen.length ? [] : redenen, form, lijstVan,
    }));
  }

  // --- registering and undo -----------------------------------------------------------------

  async function gezinVan(record) {
    if (record.gezin) return record.gezin;
    const sectie = el("paneel-inhoud");
    if (sectie && Number(sectie.dataset.gezin)) return Number(sectie.dataset.gezin);
    const { gezin } = await zoekGezin({ kaart: record.kaart });
    return gezin ? gezin.gezin : null;
  }

  function zetTeller(delta) {
    const teller = el("teller");
    if (teller) teller.textContent = Math.max(0, Number(teller.textContent || 0) + delta);
  }

  function formFout(form, tekst, veld) {
    let fout = form.querySelector("#registreer-fout");
    if (!fout) {
      fout = document.createElement("p");
      fout.id = "registreer-fout";
      fout.className = "fout";
      fout.setAttribute("role", "alert");
      form.querySelector("[type=submit]").before(fout);
    }
    fout.textContent = tekst;
    if (veld) {
      veld.setAttribute("aria-invalid", "true");
      veld.focus();
    }
  }

  // The ticked aids of the form (issue 13.3): slugs with colour and meal counts, or a
  // message. `[null]`: a form without aids (the rules' aid, as before aids were chosen).
  function gekozenLijnen(form) {
    const velden = [...form.querySelectorAll("input[name=hulpvorm]")];
    if (!velden.length) return { lijnen: [{ slug: null, kleur: (el("paneel-inhoud") || {}).dataset.kleur }] };
    const meerdere = velden[0].type === "checkbox";
    const gekozen = meerdere ? velden.filter((v) => v.checked) : velden;
    if (!gekozen.length) return { fout: gettext("Vink aan wat u meegeeft."), veld: velden[0] };
    const lijnen = [];
    for (const v of gekozen) {
      const lijn = form.querySelector(`.aanbodlijn[data-hulpvorm="${v.value}"]`);
      const label = lijn ? lijn.querySelector("label strong") : null;
      const item = {
        slug: v.value,
        naam: label ? label.textContent.trim() : "",
        kleur: lijn ? lijn.dataset.kleur : (el("paneel-inhoud") || {}).dataset.kleur,
      };
      const volw = form.elements[`volwassenen_${v.value}`];
      if (volw) {
        const kind = form.elements[`kinderen_${v.value}`];
        const a = Number(volw.value || 0);
        const b = Number(kind.value || 0);
        if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a + b < 1) {
          return { fout: gettext("Tel minstens één maaltijd."), veld: volw };
        }
        if (a + b > 30) return { fout: interpolate(gettext("Hoogstens %(aantal)s maaltijden per gezin."), { aantal: 30 }, true), veld: volw };
        item.volwassenen = a;
        item.kinderen = b;
      }
      const aantal = form.elements[`bonnen_${v.value}`];
      if (aantal) {
        const n = Number(aantal.value || 1);
        const eerste = form.elements[`eerste_${v.value}`];
        const nummer = eerste.value.trim();
        if (!Number.isInteger(n) || n < 1 || n > 30) {
          return { fout: interpolate(gettext("Geef 1 tot %(aantal)s bonnen per keer."), { aantal: 30 }, true), veld: aantal };
        }
        if (!/^[0-9]{1,9}$/.test(nummer) || Number(nummer) < 1 || Number(nummer) > 999999969) {
          return { fout: gettext("Typ het nummer van de eerste bon, zoals het op de bon staat."), veld: eerste };
        }
        item.bonnen = n;
        item.eerste_bon = Number(nummer);
      }
      lijnen.push(item);
    }
    return { lijnen: lijnen, meerdere: meerdere };
  }

  // What the confirmation repeats of a line: how many meals, which voucher numbers.
  function lijnDetail(l) {
    if (l.volwassenen !== undefined) {
      const n = l.volwassenen + l.kinderen;
      return interpolate(ngettext("%(aantal)s maaltijd", "%(aantal)s maaltijden", n), { aantal: n }, true);
    }
    if (l.eerste_bon !== undefined) {
      return l.bonnen > 1
        ? interpolate(gettext("bonnen %(van)s tot %(tot)s"), { van: l.eerste_bon, tot: l.eerste_bon + l.bonnen - 1 }, true)
        : interpolate(gettext("bon %(nummer)s"), { nummer: l.eerste_bon }, true);
    }
    return "";
  }

  async function registreer(form) {
    const f = form.elements;
    const keuze = gekozenLijnen(form);
    if (keuze.fout) return formFout(form, keuze.fout, keuze.veld);
    const reden = f.override_reden ? f.override_reden.value.trim() : "";
    const redenNodig = f.override_reden && (f.override_reden.required ||
      (keuze.meerdere && keuze.lijnen.some((l) => l.kleur === "rood")));
    if (redenNodig && !reden) {
      f.override_reden.setAttribute("aria-invalid", "true");
      if (!form.querySelector(".reden-vak .fout, #override_reden + .fout")) {
        f.override_reden.insertAdjacentHTML("afterend",
          `<p class="fout">${esc(gettext("Zeg kort waarom u toch meegeeft."))}</p>`);
      }
      f.override_reden.focus();
      return;
    }
    const buiten = buitenUren();
    if (buiten && buitenBevestigd !== buiten) {
      if (!(f.buiten_uren_ok && f.buiten_uren_ok.value === "1")) return vraagBuitenUren(form, buiten);
      buitenBevestigd = buiten;
    }
    form.querySelector("[type=submit]").disabled = true;
    const sectie = el("paneel-inhoud");
    const bezoek = (f.sleutel && f.sleutel.value) || crypto.randomUUID();
    const basis = {
      moment: moment,
      datum: datum,
      gescand_op: (f.gescand_op && f.gescand_op.value) || laatsteScan || Outbox.isoNu(),
      offline: (sectie && sectie.dataset.bron === "rooster") || !navigator.onLine,
    };
    if (f.gezin && f.gezin.value) basis.gezin = Number(f.gezin.value);
    else if (f.kaart && f.kaart.value) basis.kaart = f.kaart.value;
    const kop = sectie && sectie.querySelector("h2");
    const naam = kop ? kop.textContent.trim() : "";
    const gezin = await gezinVan(basis);

    // One item per aid, each with its own key; a visit of one line keeps the visit's
    // key (registratie/services.py lijnsleutel). A reason goes only with a red line.
    const enige = keuze.lijnen.length === 1;
    const records = keuze.lijnen.map((l) => {
      const record = Object.assign({}, basis, {
        sleutel: enige ? bezoek : crypto.randomUUID(),
        override_reden: !keuze.meerdere || l.kleur === "rood" ? reden : "",
      });
      if (l.slug) record.hulpvorm = l.slug;
      if (!enige) record.bezoek = bezoek;
      if (l.volwassenen !== undefined) {
        record.volwassenen = l.volwassenen;
        record.kinderen = l.kinderen;
      }
      if (l.eerste_bon !== undefined) {
        record.bonnen = l.bonnen;
        record.eerste_bon = l.eerste_bon;
      }
      return record;
    });
    for (const record of records) await Outbox.add(record);
    if (gezin) {
      for (const l of keuze.lijnen) await Outbox.rooster.markeer(moment, datum, l.slug ? `${gezin}:${l.slug}` : gezin, uurMinuut());
    }
    zetTeller(1);
    el("kaartcode").value = "";
    bevestig({ sleutel: bezoek, lijnen: keuze.lijnen.map((l, i) => ({
      sleutel: records[i].sleutel, naam: l.naam, slug: l.slug, detail: lijnDetail(l) })) }, naam, gezin);
    registreerSync();
    Outbox.flush();
  }

  function bevestig(bezoek, naam, gezin) {
    zetPaneel(Paneel.bevestiging(bezoek.sleutel, naam, gezin, navigator.onLine, bezoek.lijnen));
    const knop = el("ongedaan-knop");
    let over = ONGEDAAN_SECONDEN;
    const tik = () => {
      if (!knop.isConnected || knop.disabled) return clearInterval(klok);
      if (over <= 0) {
        clearInterval(klok);
        knop.parentElement.remove();
        return;
      }
      knop.textContent = interpolate(gettext("Ongedaan maken (%(seconden)s)"), { seconden: over-- }, true);
    };
    const klok = setInterval(tik, 1000);
    tik();
    knop.addEventListener("click", () => { clearInterval(klok); ongedaan(bezoek, gezin); });
  }

  // Undo a whole visit: lines still on this phone are dropped, lines already sent are
  // undone by the server with the visit's key (registratie/services.py).
  async function ongedaan(bezoek, gezin) {
    const knop = el("ongedaan-knop");
    knop.disabled = true;
    knop.textContent = gettext("Bezig…");
    const sleutels = bezoek.lijnen.map((l) => l.sleutel);
    // Under the outbox lock no upload is in flight: each line is either still
    // here (never sent) or already answered by the server.
    const uitkomst = await Outbox.metSlot(async () => {
      const mislukt = new Set((await Outbox.mislukt()).map((i) => i.sleutel));
      let verzonden = false;
      for (const sleutel of sleutels) {
        if (await Outbox.get(sleutel)) await Outbox.remove(sleutel);
        else if (mislukt.has(sleutel)) await Outbox.vergeetMislukt(sleutel);
        else verzonden = true;
      }
      if (!verzonden) return { ok: true };
      try {
        const r = await haal(d.ongedaanUrl.replace(LEGE_SLEUTEL, bezoek.sleutel), {
          method: "POST", headers: { "X-CSRFToken": Outbox.csrfToken({}), Accept: "application/json" },
        }, 8000);
        if (r.ok) {
          const j = await r.json();
          return { ok: j.ongedaan, bericht: j.bericht };
        }
      } catch (e) {
        return {
          ok: false,
          bericht: gettext("Zonder internet kan dit niet meer ongedaan gemaakt worden. Vraag het aan de coördinator."),
        };
      }
      return { ok: false, bericht: gettext("Ongedaan maken lukte niet. Vraag het aan de coördinator.") };
    });
    if (uitkomst.ok) {
      if (gezin) {
        for (const l of bezoek.lijnen) await Outbox.rooster.markeer(moment, datum, l.slug ? `${gezin}:${l.slug}` : gezin, null);
      }
      zetTeller(-1);
    }
    const sectie = el("paneel-inhoud");
    if (sectie && sectie.dataset.sleutel === bezoek.sleutel) {
      sectie.className = `paneel ${uitkomst.ok ? "status-oranje" : "status-rood"}`;
      sectie.dataset.uitkomst = uitkomst.ok ? "ongedaan" : "fout";
      const gelukt = bezoek.lijnen.length > 1 ? gettext("Het bezoek is ongedaan gemaakt: niets ervan telt.")
        : gettext("De afhaling is ongedaan gemaakt.");
      sectie.innerHTML = `<p><strong>${esc(uitkomst.ok ? gelukt : uitkomst.bericht)}</strong></p>`;
    }
  }

  // A line's answer in a confirmation of several aids: its own words, and the
  // visit's colour follows (all refused: red; any flagged or refused: orange).
  function toonLijnResultaat(sectie, lijn, r) {
    const goed = r.uitkomst === "geaccepteerd" || (r.uitkomst === "duplicaat" && r.zelfde_sleutel);
    lijn.dataset.uitkomst = goed ? "geaccepteerd" : r.uitkomst;
    const gezin = Number(sectie.dataset.gezin);
    if (r.uitkomst === "fout" && gezin) Outbox.rooster.markeer(moment, datum, `${gezin}:${lijn.dataset.hulpvorm}`, null);
    lijn.querySelector(".lijn-status").textContent = `: ${goed ? gettext("Verzonden.") : r.bericht}`;
    const lijnen = [...sectie.querySelectorAll("li[data-sleutel]")];
    const staten = lijnen.map((l) => l.dataset.uitkomst);
    if (staten.includes("bewaard")) return;
    const mis = staten.filter((u) => u === "fout" || u === "duplicaat").length;
    sectie.dataset.uitkomst = mis === staten.length ? "fout" : mis || staten.includes("te_controleren") ? "te_controleren" : "geaccepteerd";
    sectie.className = `paneel ${mis === staten.length ? "status-rood" : mis || staten.includes("te_controleren") ? "status-oranje" : "status-groen"}`;
    el("bevestiging-status").textContent = mis === staten.length ? gettext("Niets geregistreerd.") : gettext("Verzonden.");
    if (mis === staten.length) {
      zetTeller(-1);
      const knop = el("ongedaan-knop");
      if (knop) knop.closest(".knoppen").remove();
    }
  }

  function toonResultaat(r) {
    const sectie = el("paneel-inhoud");
    if (!sectie || sectie.dataset.uitkomst === "ongedaan") return;
    const lijn = sectie.querySelector(`li[data-sleutel="${r.sleutel}"]`);
    if (lijn) return toonLijnResultaat(sectie, lijn, r);
    if (sectie.dataset.sleutel !== r.sleutel) return;
    sectie.dataset.uitkomst = r.uitkomst;
    const tekst = el("bevestiging-status");
    // A retry of this phone's own key that had already arrived is a success.
    if (r.uitkomst === "geaccepteerd" || (r.uitkomst === "duplicaat" && r.zelfde_sleutel)) {
      sectie.dataset.uitkomst = "geaccepteerd";
      tekst.textContent = gettext("Verzonden.");
      return;
    }
    if (r.uitkomst === "duplicaat") {
      // Another phone registered this household at this moment first: this pickup
      // does not count, and there is nothing of it to undo.
      sectie.className = "paneel status-oranje";
      sectie.querySelector(".kleurwoord").lastChild.textContent = ` ${gettext("Al geregistreerd")}`;
      const kop = sectie.querySelector("p strong");
      if (kop) kop.textContent = r.bericht;
      tekst.textContent = gettext("Geef geen tweede pakket mee.");
      const knop = el("ongedaan-knop");
      if (knop) knop.closest(".knoppen").remove();
      zetTeller(-1);
      return;
    }
    const woord = r.uitkomst === "fout" ? gettext("Niet geregistreerd") : gettext("Let op");
    sectie.className = `paneel ${r.uitkomst === "fout" ? "status-rood" : "status-oranje"}`;
    sectie.querySelector(".kleurwoord").lastChild.textContent = ` ${woord}`;
    tekst.innerHTML = `<strong>${esc(r.bericht)}</strong>`;
    if (r.uitkomst === "fout") {
      zetTeller(-1);
      const gezin = Number(sectie.dataset.gezin);
      const slug = sectie.dataset.hulpvorm;
      if (gezin) Outbox.rooster.markeer(moment, datum, slug ? `${gezin}:${slug}` : gezin, null);
    }
  }

  // --- offline search by name ------------------------------------------------------------------

  function normaal(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function wisZoekresultaten() {
    const doel = el("zoekresultaten");
    if (doel) doel.innerHTML = "";
    const veld = el("zoeknaam");
    if (veld && document.activeElement !== veld) veld.value = "";
  }

  function wisPaneel() {
    paneel.innerHTML = "";
  }

  async function zoekOffline(q) {
    wisPaneel();
    const doel = el("zoekresultaten");
    const woorden = normaal(q).split(/\s+/).filter(Boolean);
    if (!doel || !woorden.join("").length || woorden.join("").length < 2) return;
    const { rooster: r } = await geldigRooster();
    // Only households whose file is open here, as the online search (the others are found by card).
    const gevonden = r ? r.gezinnen.filter((g) => g.zoekbaar && woorden.every((w) => normaal(g.naam).includes(w))).slice(0, 20) : [];
    const personen = (g) => interpolate(gettext("%(aantal)s pers."), { aantal: g.volwassenen + g.kinderen }, true);
    doel.innerHTML = gevonden.length
      ? '<ul class="lijst">' + gevonden.map((g) => `<li><a href="${esc(d.paneelUrl)}?gezin=${g.gezin}" ` +
        `data-gezin="${g.gezin}">${esc(g.naam)} <span class="klein">${esc(personen(g))}</span></a></li>`).join("") + "</ul>"
      : `<p>${esc(r ? gettext("Niemand gevonden op de lijst van vandaag.") : gettext("Er is geen lijst van vandaag op dit toestel."))}</p>`;
  }

  document.body.addEventListener("htmx:beforeRequest", (e) => {
    if (e.detail.elt && e.detail.elt.id === "zoek-form") wisPaneel();
    if (e.detail.elt && e.detail.elt.id === "zoek-form" && !navigator.onLine) {
      e.preventDefault();
      zoekOffline(el("zoeknaam").value);
    }
  });
  document.body.addEventListener("htmx:sendError", (e) => {
    if (e.detail.elt && e.detail.elt.id === "zoek-form") zoekOffline(el("zoeknaam").value);
  });

  document.addEventListener("click", (e) => {
    const link = e.target.closest && e.target.closest("#balie a[data-gezin]");
    if (!link || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    toonPaneel({ gezin: link.dataset.gezin });
  });

  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.id === "registreer-form") {
      e.preventDefault();
      e.stopPropagation();
      registreer(form);
    } else if (form.id === "code-form") {
      e.preventDefault();
      e.stopPropagation();
      const code = form.elements.kaart.value.trim();
      if (code) toonPaneel({ kaart: code });
      else form.elements.kaart.focus();
    } else if (form.id === "zoek-form" && !navigator.onLine) {
      e.preventDefault();
      e.stopPropagation();
      zoekOffline(el("zoeknaam").value);
    }
  }, true);

  // --- camera ----------------------------------------------------------------------------------

  const scanKnop = el("scan-knop");
  const scanner = el("scanner");
  const video = el("scan-video");
  let stopCamera = null;

  // A card that is worn, creased or badly lit may never decode: after a while the
  // desk says so and offers the code field instead of letting the camera run on.
  const SCAN_HULP_MS = 6000;
  let scanHulpKlok = null;

  function stopScanner() {
    if (stopCamera) stopCamera();
    stopCamera = null;
    clearTimeout(scanHulpKlok);
    el("scan-hulp").hidden = true;
    scanner.hidden = true;
    scanKnop.hidden = false;
  }

  function gevonden(tekst) {
    if (!stopCamera) return;
    stopScanner();
    if (navigator.vibrate) navigator.vibrate(60);
    toonPaneel({ kaart: tekst });
  }

  async function startScanner() {
    if (stopCamera) return;
    scanKnop.hidden = true;
    scanner.hidden = false;
    clearTimeout(scanHulpKlok);
    scanHulpKlok = setTimeout(() => {
      if (!stopCamera) return;
      el("scan-hulp").hidden = false;
      el("code-form").scrollIntoView({ block: "nearest" });
    }, SCAN_HULP_MS);
    stopCamera = () => {};
    try {
      const stop = await window.Scanner.start(video, gevonden);
      if (stopCamera) stopCamera = stop;
      else stop();
    } catch (e) {
      stopCamera = null;
      stopScanner();
      zetPaneel(Paneel.cameraFout());
      el("kaartcode").focus();
    }
  }

  if (window.Scanner && window.Scanner.kan()) {
    scanKnop.hidden = false;
    scanKnop.addEventListener("click", startScanner);
    el("scan-stop").addEventListener("click", stopScanner);
  }

  // --- start ------------------------------------------------------------------------------------

  // Ask the browser not to clear this site's storage under pressure: the queue lives there.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  toonNetwerk();
  toonWachtrij();
  laadRooster(false);
  Outbox.instellen({ syncUrl: d.syncUrl, csrf: Outbox.csrfToken({}), eigenaar: d.eigenaar, voornaam: d.voornaam })
    .then(() => Outbox.flush());
})();

// Card codes as typed at the desk: the same rules and messages as
// hulpverlening/kaartcodes.py (normalise_code). tests/browser/test_kaartcode_js.py
// compares both on generated codes, typos and look-alikes.
(function () {
  "use strict";

  const ALFABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const CODE_LENGTE = 9;

  // Luhn mod 32 over the alphabet.
  function controleteken(data) {
    let factor = 2;
    let som = 0;
    for (let i = data.length - 1; i >= 0; i--) {
      const waarde = factor * ALFABET.indexOf(data[i]);
      factor = factor === 2 ? 1 : 2;
      som += Math.floor(waarde / 32) + (waarde % 32);
    }
    return ALFABET[(32 - (som % 32)) % 32];
  }

  // { code } when the text is a well-formed card code, else { fout } saying what is wrong.
  function normaliseer(tekst) {
    const code = tekst.replace(/[\s.-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
    if (!code) return { fout: gettext("Typ de code van de kaart.") };
    const fout = [...new Set(code)].filter((c) => !ALFABET.includes(c)).sort();
    if (fout.length) {
      return { fout: interpolate(gettext("De code bevat een teken dat niet op kaarten staat: %(tekens)s."),
        { tekens: fout.join(" ") }, true) };
    }
    if (code.length !== CODE_LENGTE) {
      return { fout: interpolate(gettext("Een kaartcode heeft %(lengte)s tekens; u typte er %(getypt)s."),
        { lengte: CODE_LENGTE, getypt: code.length }, true) };
    }
    if (controleteken(code.slice(0, 8)) !== code[8]) {
      return { fout: gettext("Deze code klopt niet. Kijk elk teken nog eens na.") };
    }
    return { code };
  }

  window.Kaartcode = { normaliseer, controleteken };
})();

#!/usr/bin/env bash
# Check that WeasyPrint (PDF cards and reports) finds its system libraries and a font.
# When they are missing and we are root on a Debian-like system, install them;
# otherwise explain what to install.
#   usage: scripts/syslibs.sh [PYTHON]   (default .venv/bin/python)
set -euo pipefail

PY="${1:-.venv/bin/python}"
DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

check() {
    "$PY" - <<'PYCODE'
import glob, os, sys
import weasyprint  # noqa: F401  (loads pango/harfbuzz through cffi; fails when missing)
if sys.platform.startswith("linux"):
    dirs = ["/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"),
            os.path.expanduser("~/.local/share/fonts")]
    if not any(glob.glob(f"{d}/**/*.[ot]t[fc]", recursive=True) for d in dirs):
        sys.exit("no TrueType/OpenType font found")
PYCODE
}

if check 2>/dev/null; then
    exit 0
fi

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "WeasyPrint's system libraries are missing; installing ${DEBS[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq --no-install-recommends "${DEBS[@]}" >/dev/null; then
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${DEBS[@]}" >/dev/null
    fi
    check
    exit 0
fi

echo "--- WeasyPrint check output:" >&2
check || true
cat >&2 <<MSG

ERROR: WeasyPrint (PDF generation) cannot load its system libraries or finds no font.
  On Debian/Ubuntu install:  sudo apt-get install ${DEBS[*]}
  On macOS (Homebrew):       brew install pango
  See https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation
FOUT: WeasyPrint (PDF's maken) vindt zijn systeembibliotheken of een lettertype niet.
  Installeer op Debian/Ubuntu:  sudo apt-get install ${DEBS[*]}
MSG
exit 1

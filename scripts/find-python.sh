#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter (Django 6 needs it), newest first.
# Every candidate is actually run: pyenv shims exist on PATH but fail with
# "command not found" when no matching version is selected.
set -u

works() {
    "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}

pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"

candidates=()
for minor in 3.14 3.13 3.12; do
    candidates+=("python$minor")
    # Newest patch release first (3.13.10 before 3.13.2).
    while IFS= read -r dir; do
        [ -n "$dir" ] && candidates+=("$dir/bin/python3")
    done < <(ls -d "$pyenv_root/versions/$minor".* 2>/dev/null | sort -rV)
done
candidates+=(python3)

for cand in "${candidates[@]}"; do
    if [[ "$cand" == */* ]]; then
        [ -x "$cand" ] || continue
        path="$cand"
    else
        path="$(command -v "$cand" 2>/dev/null)" || continue
    fi
    if works "$path"; then
        # Resolve shims and symlinks to the real interpreter.
        "$path" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done

cat >&2 <<'MSG'
ERROR: Python 3.12 or newer is needed (Django 6 requires it), but none was found.
  Tried python3.14, python3.13, python3.12 and python3 on PATH, and ~/.pyenv/versions/3.1[2-4].*.
  Install it, for example:
    Debian 13 / Ubuntu 24.04:  sudo apt-get install python3 python3-venv
    pyenv:                     pyenv install 3.13 && pyenv global 3.13
    macOS (Homebrew):          brew install python@3.13

FOUT: Python 3.12 of nieuwer is nodig (Django 6 vereist dat), maar er is er geen gevonden.
  Geprobeerd: python3.14, python3.13, python3.12 en python3 op PATH, en ~/.pyenv/versions/3.1[2-4].*.
  Installeer het, bijvoorbeeld:
    Debian 13 / Ubuntu 24.04:  sudo apt-get install python3 python3-venv
    pyenv:                     pyenv install 3.13 && pyenv global 3.13
    macOS (Homebrew):          brew install python@3.13
MSG
exit 1

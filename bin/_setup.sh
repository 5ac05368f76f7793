# Shared by bin/run and bin/test: a virtual environment with the project installed, and a .env.
PYTHON_BIN=${PYTHON:-$(command -v python3.11 || command -v python3)}

install_project() {
  local extra=$1
  if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv with $PYTHON_BIN …"
    "$PYTHON_BIN" -m venv .venv
  fi
  # uv installs the same requirements several times faster than pip (docs/performance.md).
  if [ ! -x .venv/bin/uv ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1"
  fi
  # Reinstall only when pyproject.toml changed since the last install with these extras.
  local stamp=".venv/.installed${extra}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing NetMed${extra} …"
    .venv/bin/uv pip install --quiet --python .venv/bin/python -e ".${extra}"
    touch "$stamp"
  fi
  [ -f .env ] || cp .env.example .env
}

install_chromium() {
  # Browser tests drive Debian's chromium (never a downloaded browser).
  if command -v chromium >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests …"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "chromium is not installed and cannot be installed here: browser tests will be skipped."
  fi
}

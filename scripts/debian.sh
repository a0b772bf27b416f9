# Sourced by the scripts that need programs from Debian's packages: each `need <package> <check…>` adds the package
# when its check fails, and `install_needed` installs what was added, at once, as root.
needed=()

need() {
  local package=$1; shift
  "$@" >/dev/null 2>&1 || needed+=("$package")
}

install_needed() {
  [ ${#needed[@]} -gt 0 ] || return 0
  echo "Installing ${needed[*]} from Debian..."
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
}

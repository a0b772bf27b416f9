#!/usr/bin/env bash
# Runs AdminPortal as operators run several instances, on loopback, in one command: a throw-away PostgreSQL, the schema
# migrated once by the migrate verb, N instances (Development: the development sign-in; the first one seeds the demo
# tenants) and nginx in front of them — circuits kept on one instance by a cookie, WebSockets proxied, the instances
# trusting nginx's X-Forwarded-* headers. Ctrl+C stops everything and deletes its data. docs/operations.md explains it.
#
#   scripts/cluster.sh [--instances N] [--port P] [--no-build] [--configuration Release|Debug]
#
# Settings in the environment (Fixup__Interval=00:05:00, …) reach every instance. Each response through nginx names
# the instance that answered in X-AdminPortal-Instance, so failover can be watched (a development aid: leave it out of
# a production configuration).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/debian.sh

instances=3 port=8080 build=1 configuration=Release
while [ $# -gt 0 ]; do
  case $1 in
    --instances) instances=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --configuration) configuration=$2; shift 2 ;;
    *) echo "cluster.sh: unknown argument '$1' (--instances N, --port P, --no-build, --configuration C)" >&2; exit 2 ;;
  esac
done

need postgresql ls /usr/lib/postgresql/*/bin/initdb
need nginx test -x /usr/sbin/nginx
need curl test -x /usr/bin/curl
need python3 command -v python3
install_needed
[ $build = 1 ] && dotnet build src/AdminPortal.Web -c "$configuration" --nologo -v q
web=$PWD/src/AdminPortal.Web
dll=$web/bin/$configuration/net10.0/AdminPortal.Web.dll
pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

state=$(mktemp -d /tmp/adminportal-cluster-XXXXXX)
chmod 755 "$state"
pids=() postgres=""
stop() {
  trap - EXIT INT TERM
  # The instances first, then nginx and PostgreSQL.
  # (Some may be gone already, killed with the whole group: nothing here may stop the clean-up.)
  set +e
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  [ -n "$postgres" ] && as_postgres "$pg/pg_ctl" -D "$state/pg/data" -m fast -w stop >/dev/null 2>&1
  wait 2>/dev/null
  rm -rf "$state"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PostgreSQL refuses to run as root: as root, its files belong to the postgres user.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ready() { # <url> <log>: waits for the instance's /health/ready, or shows its log and fails
  for _ in $(seq 120); do
    curl -sf -o /dev/null "$1/health/ready" && return 0
    sleep 1
  done
  echo "cluster.sh: $1 did not become ready:" >&2; tail -30 "$2" >&2; return 1
}

# The database: on a Unix socket in the state folder only (no TCP port to collide with).
mkdir "$state/pg"
[ "$(id -u)" = 0 ] && chown postgres "$state/pg"
as_postgres "$pg/initdb" -D "$state/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# In the foreground of this script's process group, so whatever ends the group ends PostgreSQL too (pg_ctl would
# detach it).
as_postgres "$pg/postgres" -D "$state/pg/data" -k "$state/pg" -c listen_addresses='' -c max_connections=300 >"$state/pg/server.log" 2>&1 &
postgres=$!
for _ in $(seq 100); do "$pg/pg_isready" -q -h "$state/pg" && break; sleep 0.2; done
"$pg/psql" -h "$state/pg" -U postgres -q -c "CREATE DATABASE adminportal" >/dev/null
database="Host=$state/pg;Username=postgres;Database=adminportal"

export ASPNETCORE_ENVIRONMENT=Development Database__Provider=Postgres
# The schema is migrated once, before any instance starts (as a DBA would with the migrate verb).
ConnectionStrings__AdminPortal="$database" dotnet "$dll" migrate >"$state/migrate.log" 2>&1 \
  || { cat "$state/migrate.log" >&2; exit 1; }

urls=()
start_instance() { # <n>: starts instance n; its database sessions carry its name (pg_stat_activity.application_name)
  local n=$1 p; p=$(free_port)
  mkdir -p "$state/instance-$n"
  ASPNETCORE_URLS="http://127.0.0.1:$p" Portal__DataFolder="$state/instance-$n" \
  ConnectionStrings__AdminPortal="$database;Application Name=adminportal-$n" \
  Hosting__ForwardedHeaders=true Hosting__KnownProxies=127.0.0.1 \
  Portal__SeedDemoData=$([ "$n" = 1 ] && echo true || echo false) \
    dotnet "$dll" --contentRoot "$web" >"$state/instance-$n.log" 2>&1 &
  pids+=($!)
  urls[n]="http://127.0.0.1:$p"
}
# The first instance seeds the demo tenants alone; the others start once it has.
start_instance 1
ready "${urls[1]}" "$state/instance-1.log"
for n in $(seq 2 "$instances"); do start_instance "$n"; done
for n in $(seq 2 "$instances"); do ready "${urls[n]}" "$state/instance-$n.log"; done

servers=""
for n in $(seq 1 "$instances"); do servers+="    server ${urls[n]#http://} max_fails=1 fail_timeout=10s;"$'\n'; done
mkdir "$state/nginx"
cat >"$state/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $state/nginx/nginx.pid;
error_log $state/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log $state/nginx/access.log;
  server_tokens off;
  client_body_temp_path $state/nginx/body;
  proxy_temp_path $state/nginx/proxy;
  fastcgi_temp_path $state/nginx/fastcgi;
  uwsgi_temp_path $state/nginx/uwsgi;
  scgi_temp_path $state/nginx/scgi;
  # The portal sets and enforces its own body limits (Portal and Sync sections), per endpoint.
  client_max_body_size 0;

  # Sticky circuits: a browser's requests all hash on its route cookie, set on its first response, so the circuit's
  # negotiation, its WebSocket and every reconnection reach the instance holding it. When that instance is gone,
  # nginx hashes the browser onto a live one, where the circuit is unknown and the page loads anew.
  map \$cookie_adminportal_route \$route { "" \$request_id; default \$cookie_adminportal_route; }
  map \$cookie_adminportal_route \$route_cookie { "" "adminportal_route=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ""; }
  map \$http_upgrade \$connection_upgrade { default upgrade; "" close; }

  upstream adminportal {
    hash \$route consistent;
$servers  }

  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://adminportal;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # A circuit's WebSocket is quiet between Blazor's keep-alive pings (15 s).
      proxy_read_timeout 120s;
      # Sync pages stream to the instance as they arrive.
      proxy_request_buffering off;
      add_header Set-Cookie \$route_cookie always;
      add_header X-AdminPortal-Instance \$upstream_addr always;
    }
  }
}
NGINX
/usr/sbin/nginx -p "$state/nginx" -c "$state/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/live" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$port/health/live" || { echo "cluster.sh: nginx did not start:" >&2; cat "$state/nginx/error.log" >&2; exit 1; }

for n in $(seq 1 "$instances"); do echo "instance $n: ${urls[n]} pid ${pids[n-1]} log $state/instance-$n.log"; done
echo "database: $database"
echo "AdminPortal on $instances instances behind nginx: http://127.0.0.1:$port (Ctrl+C stops everything)"
wait

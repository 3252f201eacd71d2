#!/usr/bin/env bash
# Start (or stop) throw-away PostgreSQL and MariaDB servers on loopback for the test suite.
# Prints the URLs as shell exports; 'make test' evals them. Installs the Debian packages if missing.
set -euo pipefail
ROOT=${INDSEC_TEST_SERVICES_DIR:-/tmp/indsec-test-services}
PG_PORT=${INDSEC_TEST_PG_PORT:-55432}
MY_PORT=${INDSEC_TEST_MYSQL_PORT:-53306}
PG_PASSWORD=${INDSEC_TEST_PG_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
MY_PASSWORD=${INDSEC_TEST_MYSQL_PASSWORD:-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}

log() { echo "test-services: $*" >&2; }

as_user() { # run a command as an unprivileged system user when we are root
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

install_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 \
    || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  "$(dirname "$0")/apt-install.sh" "${missing[@]}"
}

start_postgresql() {
  local bin; bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  local data=$ROOT/pg
  mkdir -p "$ROOT"; chmod 755 "$ROOT"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown postgres "$data"
    local pwfile; pwfile=$(mktemp); echo "$PG_PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    as_user postgres "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" >/dev/null
    rm -f "$pwfile"
    echo "$PG_PASSWORD" > "$ROOT/pg.password"
  fi
  PG_PASSWORD=$(cat "$ROOT/pg.password")
  if ! as_user postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_user postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data" start >/dev/null
  fi
  echo "export INDSEC_TEST_POSTGRESQL_URL='postgresql+psycopg://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres'"
}

start_mariadb() {
  local data=$ROOT/mysql
  mkdir -p "$ROOT"
  if [ ! -d "$data/mysql" ]; then
    mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown mysql "$data"
    mariadb-install-db --no-defaults --datadir="$data" --user=mysql --auth-root-authentication-method=normal >/dev/null 2>&1
    echo "$MY_PASSWORD" > "$ROOT/mysql.password"
    touch "$ROOT/mysql.fresh"
  fi
  MY_PASSWORD=$(cat "$ROOT/mysql.password")
  if ! mariadb-admin --no-defaults --socket="$data/mysql.sock" ping >/dev/null 2>&1; then
    (mariadbd --no-defaults --datadir="$data" --socket="$data/mysql.sock" --port="$MY_PORT" \
      --bind-address=127.0.0.1 --user=mysql --log-error="$data/server.log" \
      --pid-file="$data/mysqld.pid" >/dev/null 2>&1 &)
    for _ in $(seq 1 120); do
      mariadb-admin --no-defaults --socket="$data/mysql.sock" ping >/dev/null 2>&1 && break
      sleep 0.5
    done
    if ! mariadb-admin --no-defaults --socket="$data/mysql.sock" ping >/dev/null 2>&1; then
      log "MariaDB did not start; the end of its log:"
      tail -n 5 "$data/server.log" >&2
      exit 1
    fi
  fi
  if [ -f "$ROOT/mysql.fresh" ]; then
    mariadb --no-defaults --socket="$data/mysql.sock" -uroot <<SQL
CREATE USER IF NOT EXISTS 'indsec'@'127.0.0.1' IDENTIFIED BY '$MY_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'indsec'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
    rm -f "$ROOT/mysql.fresh"
  fi
  echo "export INDSEC_TEST_MYSQL_URL='mysql+pymysql://indsec:$MY_PASSWORD@127.0.0.1:$MY_PORT/mysql'"
}

stop_all() {
  local bin; bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
  [ -d "$ROOT/pg" ] && as_user postgres "$bin/pg_ctl" -D "$ROOT/pg" -m fast stop >/dev/null 2>&1 || true
  [ -S "$ROOT/mysql/mysql.sock" ] && mariadb-admin --no-defaults --socket="$ROOT/mysql/mysql.sock" -uroot shutdown >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}

case "${1:-start}" in
  start) install_packages; start_postgresql; start_mariadb ;;
  stop) stop_all ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
